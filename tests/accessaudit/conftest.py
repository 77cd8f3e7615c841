import datetime as dt
from dataclasses import dataclass

import pytest

from probity.accessaudit import domain
from probity.accessaudit.enums import Decision
from probity.accessaudit.models import Alert, AuditRun, MonitoredSystem, SampleDraw
from probity.analytics import generate as gen

START, END = dt.date(2021, 7, 1), dt.date(2021, 12, 31)


def mapping() -> dict:
    return {"columns": {v: k for k, v in gen.LOG_COLUMNS.items()}, "actions": gen.ACTION_VALUES}


def new_alert(system, **fields) -> Alert:
    """An unsaved alert of ``system``'s unit: an unexplained lookup of HR001 on 2021-08-02 unless told otherwise."""
    values = {
        "rule": "unexplained",
        "kind": "no_explanation",
        "account": "HR001",
        "day": dt.date(2021, 8, 2),
        "score": 5.0,
        "reason": "無案可稽",
        **fields,
    }
    return Alert(system=system, unit=values.pop("unit", system.unit), **values)


def make_alert(system, **fields) -> Alert:
    alert = new_alert(system, **fields)
    alert.save()
    return alert


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


@pytest.fixture
def designated(cast):
    """The officer of unit A and the outsider of unit B are designated access auditors."""
    domain.designate_auditor(user=cast.officer, unit=cast.unit_a, actor=cast.admin)
    domain.designate_auditor(user=cast.outsider, unit=cast.unit_b, actor=cast.admin)
    return cast


@pytest.fixture
def system(cast) -> MonitoredSystem:
    return domain.register_system(
        agency=cast.agency_a, key="hr", name="戶役政資訊系統", column_mapping=mapping(), actor=cast.admin
    )


@dataclass
class Loaded:
    system: MonitoredSystem
    run: AuditRun
    work: object


def load_generated(system, work, *, events=1500, fmt="csv", actor=None) -> AuditRun:
    generated = gen.generate(work, events=events, start=START, end=END, seed=11, system="hr", fmt=fmt)
    for kind in ("users", "subjects", "explanations", "relatives"):
        domain.import_source(
            system=system, kind=kind, path=work / f"{kind}.parquet", file_name=f"{kind}.parquet", actor=actor
        )
    log_import = domain.queue_log_import(
        system=system, path=generated.log_path, file_name=generated.log_path.name, actor=actor
    )
    domain.perform_log_import(log_import, actor=actor)
    run = domain.start_audit_run(system=system, date_from=START, date_to=END, actor=actor)
    return domain.perform_audit_run(run, actor=actor)


@pytest.fixture
def loaded(system, tmp_path, cast) -> Loaded:
    run = load_generated(system, tmp_path / "gen", actor=cast.admin)
    return Loaded(system=system, run=run, work=tmp_path / "gen")


@pytest.fixture
def alert(loaded) -> Alert:
    return (
        Alert.objects.filter(system=loaded.system, decision=Decision.OPEN, lookup_id__isnull=False)
        .order_by("pk")
        .first()
    )


def drawn_lookups(count: int, *, month: str = "2021-08", first_lookup: int = 1000) -> list[dict]:
    """Drawn lookups as a SampleDraw keeps them: on the 2nd of ``month``, accounts u0001…, one print first."""
    return [
        {
            "order": n,
            "lookup_id": first_lookup + n,
            "ts": f"{month}-02 09:{n % 60:02d}:00",
            "account": f"u{n:04d}",
            "action": "print" if n == 1 else "query",
            "subject_id": f"A1{n:08d}",
            "reason": f"北市府字第{n}號",
        }
        for n in range(1, count + 1)
    ]


def make_draw(system, count: int, *, month: str = "2021-08") -> SampleDraw:
    """A hand-made draw of ``count`` lookups (the drawing itself is tested with the sampling library)."""
    return SampleDraw.objects.create(
        system=system,
        unit=system.unit,
        month=month,
        sources=["1"],
        key_string="1./",
        pool_size=count * 100,
        pool_digest="0" * 64,
        size=count,
        drawn=drawn_lookups(count, month=month),
    )

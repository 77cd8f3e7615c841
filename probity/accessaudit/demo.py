"""Demo: two monitored systems (household registration, land) with a million lookups in 110H2.

Logs are generated (deterministic seeds), ingested into the store, audited by the
rules, and a few alerts are confirmed as misuse so findings (each with its information-system-use
inspection in the activities app, dated the day it is opened) exist. Idempotent:
a system that already has a finished audit run is left as it is.
"""

import datetime as dt

import duckdb

from probity.accessaudit import domain, storage
from probity.accessaudit.enums import CheckResult, Decision, JobStatus
from probity.accessaudit.models import AccessAuditFinding, Alert, AuditRun, MonitoredSystem
from probity.analytics import generate as gen
from probity.core.demo import register
from probity.declarations import domain as declarations
from probity.declarations.enums import DeclarantCategory
from probity.declarations.models import Declarant
from probity.org.models import Agency, User

START, END = dt.date(2021, 7, 1), dt.date(2021, 12, 31)
SYSTEMS = [
    # key, name, agency key, lookups, seed
    ("hr", "戶役政資訊系統", "civil-affairs", 600_000, 1102),
    ("land", "地政資訊系統", "land-admin", 400_000, 1103),
]
CONFIRMED = [  # (system, rule, kind, note) confirmed as misuse in the demo
    ("hr", "relationship", "self", "當事人坦承查詢本人戶籍資料以辦理私人事務，無公務需要。"),
    ("hr", "relationship", "vip", "查閱知名人士戶籍資料，無任何案件或申請書可稽。"),
    ("land", "relationship", "relative", "為配偶查詢土地登記資料，非承辦案件。"),
]

DEMO_AUDITORS = ["officer", "officer3"]

# The month's sample (public sources: the 110/09/05 invoice lottery and a lotto draw) and how many of the
# drawn lookups the officer has already found matched.
SAMPLE = ("hr", "2021-08", ["20210905", [3, 15, 22, 27, 38, 41]])
SAMPLE_CHECKED = 12


def _mapping() -> dict:
    return {"columns": {v: k for k, v in gen.LOG_COLUMNS.items()}, "actions": gen.ACTION_VALUES}


def _load_system(key, name, agency_key, events, seed, stdout) -> MonitoredSystem | None:
    agency = Agency.objects.filter(key=agency_key).first()
    if agency is None:
        return None
    system = MonitoredSystem.objects.filter(key=key).first()
    if system is None:
        system = domain.register_system(agency=agency, key=key, name=name, column_mapping=_mapping(), actor=None)
    if AuditRun.objects.filter(system=system, status=JobStatus.SUCCEEDED).exists():
        return system
    work = storage.root() / "demo" / key
    generated = gen.generate(work, events=events, start=START, end=END, seed=seed, system=key, fmt="parquet")
    for kind in ("users", "subjects", "explanations", "relatives"):
        domain.import_source(
            system=system, kind=kind, path=work / f"{kind}.parquet", file_name=f"{kind}.parquet", actor=None
        )
    _declare_office_heads(system, work)
    log_import = domain.queue_log_import(
        system=system, path=generated.log_path, file_name=f"{key}-110H2.parquet", file_format="parquet", actor=None
    )
    domain.perform_log_import(log_import, actor=None)
    run = domain.start_audit_run(system=system, date_from=START, date_to=END, actor=None)
    run = domain.perform_audit_run(run, actor=None)
    if stdout:
        stdout.write(f"  {name}: {run.lookups} lookups, {run.alert_count} alerts")
    return system


def _declare_office_heads(system: MonitoredSystem, work) -> None:
    """The offices' heads (主任) file asset declarations naming their spouse or child, as agency heads do.

    The relative rule reads those ID numbers from the declarations, beside the relatives file."""
    with duckdb.connect() as con:
        heads = con.execute(
            """SELECT u.person_id, u.name, u.unit, r.relation, r.relative_id, s.name
               FROM read_parquet($users) u JOIN read_parquet($relatives) r USING (person_id)
               LEFT JOIN read_parquet($subjects) s ON s.subject_id = r.relative_id
               WHERE u.role = '主任' ORDER BY u.person_id""",
            {kind: str(work / f"{kind}.parquet") for kind in ("users", "relatives", "subjects")},
        ).fetchall()
    known = set(Declarant.objects.values_list("id_number", flat=True))
    rows = []
    for person_id, name, unit, relation, relative_id, relative_name in heads:
        if person_id in known:
            continue
        family = (
            {"spouse_name": relative_name or "", "spouse_id_number": relative_id}
            if relation == "配偶"
            else {"minor_children": [{"name": relative_name or "", "id_number": relative_id}]}
        )
        rows.append(
            {
                "name": name,
                "id_number": person_id,
                "agency": system.agency,
                "position": f"{unit}主任",
                "category": DeclarantCategory.AGENCY_HEAD,
                **family,
            }
        )
    if rows:
        declarations.bulk_create_declarants(rows, actor=None)


@register("accessaudit", order=80)
def load(stdout=None, **options) -> None:
    systems = {}
    for key, name, agency_key, events, seed in SYSTEMS:
        system = _load_system(key, name, agency_key, events, seed, stdout)
        if system is not None:
            systems[key] = system
    # The demo officers of the units that monitor a system audit its lookups (officer: hr, officer3: land).
    monitoring = [system.unit_id for system in systems.values()]
    for officer in User.objects.filter(username__in=DEMO_AUDITORS, unit__in=monitoring).select_related("unit"):
        if not hasattr(officer, "access_auditor"):
            domain.designate_auditor(user=officer, unit=officer.unit, actor=None)
    _confirm_alerts(systems)
    _draw_sample(systems.get(SAMPLE[0]), User.objects.filter(username="officer").first())


def _confirm_alerts(systems: dict) -> None:
    for key, rule, kind, note in CONFIRMED:
        system = systems.get(key)
        if (
            system is None
            or Alert.objects.filter(system=system, decision=Decision.MISUSE, rule=rule, kind=kind).exists()
        ):
            continue
        alert = (
            Alert.objects.filter(system=system, rule=rule, kind=kind, decision=Decision.OPEN)
            .order_by("day", "lookup_id")
            .first()
        )
        if alert is not None:
            domain.decide_alert(alert=alert, decision=Decision.MISUSE, note=note, actor=None)
    # Findings confirmed before misuse opened inspections get theirs now. Each inspection is dated the
    # day it is opened, never inside 110H2, so the activities demo's 110H2 figures stay as the seed says.
    for finding in AccessAuditFinding.objects.filter(inspection__isnull=True):
        domain.feed_inspection(finding=finding, actor=None)


def _draw_sample(system: MonitoredSystem | None, officer: User | None) -> None:
    """Draw the month's sample; the officer has checked its first lookups, and one the rules found
    unexplained, which the register does not explain either."""
    if system is None or officer is None or system.samples.exists():
        return
    _key, month, sources = SAMPLE
    draw = domain.draw_month_sample(system=system, month=month, sources=sources, actor=officer)
    rows = sorted(draw.drawn, key=lambda row: row["order"])
    for row in rows[:SAMPLE_CHECKED]:
        domain.check_sampled_lookup(draw=draw, order=row["order"], result=CheckResult.MATCHED, actor=officer)
    unexplained = set(
        Alert.objects.filter(
            system=system, rule="unexplained", lookup_id__in=[row["lookup_id"] for row in rows]
        ).values_list("lookup_id", flat=True)
    )
    flagged = next((row for row in rows[SAMPLE_CHECKED:] if row["lookup_id"] in unexplained), None)
    if flagged is not None:
        domain.check_sampled_lookup(
            draw=draw,
            order=flagged["order"],
            result=CheckResult.MISMATCH,
            note="查詢紀錄簿及案件資料均無此筆查詢的依據，已請該員說明。",
            actor=officer,
        )

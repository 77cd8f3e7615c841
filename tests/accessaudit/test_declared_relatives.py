"""The relative rule reads spouses and children from asset declarations, beside any relatives file."""

import pyarrow.parquet as pq

from probity.accessaudit import domain
from probity.accessaudit.models import Alert
from probity.analytics import generate as gen
from probity.declarations import domain as declarations
from probity.declarations.enums import DeclarantCategory
from probity.declarations.models import Declarant
from tests.accessaudit.conftest import END, START

DECLARED = "財產申報之親屬資料"


def _generate(system, work, actor):
    generated = gen.generate(work, events=1500, start=START, end=END, seed=11, system="hr", fmt="parquet")
    for kind in ("users", "subjects", "explanations"):
        domain.import_source(
            system=system, kind=kind, path=work / f"{kind}.parquet", file_name=f"{kind}.parquet", actor=actor
        )
    log_import = domain.queue_log_import(
        system=system, path=generated.log_path, file_name="log.parquet", file_format="parquet", actor=actor
    )
    domain.perform_log_import(log_import, actor=actor)


def _declare_families(work, agency, actor) -> int:
    """Each generated user with a relative becomes a declarant whose declaration names that relative."""
    rows = []
    for index, relative in enumerate(pq.read_table(work / "relatives.parquet").to_pylist()):
        family = (
            {"spouse_name": "配偶", "spouse_id_number": relative["relative_id"]}
            if relative["relation"] == "配偶"
            else {"minor_children": [{"name": "子女", "id_number": relative["relative_id"]}]}
        )
        rows.append(
            {
                "name": f"人員{index}",
                "id_number": relative["person_id"],
                "agency": agency,
                "position": "課員",
                "category": DeclarantCategory.SUPERVISOR,
                **family,
            }
        )
    declarations.bulk_create_declarants(rows, actor=actor)
    return len(rows)


def _relative_alerts(system, actor) -> dict[int, str]:
    run = domain.start_audit_run(system=system, date_from=START, date_to=END, actor=actor)
    run = domain.perform_audit_run(run, actor=actor)
    alerts = Alert.objects.filter(run=run, rule="relationship", kind="relative")
    return dict(alerts.values_list("lookup_id", "reason"))


def test_declared_relatives_alone_raise_the_same_alerts_as_the_relatives_file(system, cast, tmp_path):
    work = tmp_path / "gen"
    _generate(system, work, cast.admin)
    assert _relative_alerts(system, cast.admin) == {}

    assert _declare_families(work, cast.agency_a, cast.admin) > 0
    declared = _relative_alerts(system, cast.admin)
    labels = pq.read_table(work / "labels.parquet").to_pylist()
    injected = {row["lookup_id"] for row in labels if row["scenario"] == "relative"}
    assert injected and injected <= set(declared)
    assert set(declared.values()) <= {f"當事人是查閱者的配偶（依{DECLARED}）", f"當事人是查閱者的子女（依{DECLARED}）"}

    # The same relatives also in the file: the same lookups, one alert each, naming the declarations.
    domain.import_source(
        system=system, kind="relatives", path=work / "relatives.parquet", file_name="r.parquet", actor=cast.admin
    )
    assert _relative_alerts(system, cast.admin) == declared


def test_relatives_input_joins_the_file_and_the_declarations(system, cast, tmp_path):
    work = tmp_path / "rel"
    work.mkdir()
    (work / "relatives.csv").write_text("身分證號,親屬身分證號,關係,依據\nA100000001,B200000002,兄弟,戶籍資料\n")
    domain.import_source(
        system=system, kind="relatives", path=work / "relatives.csv", file_name="relatives.csv", actor=cast.admin
    )
    declarations.create_declarant(
        actor=cast.admin,
        name="王大明",
        id_number="E123456789",
        agency=cast.agency_a,
        position="科長",
        category=DeclarantCategory.SUPERVISOR,
        spouse_name="林美玉",
        spouse_id_number="E223456789",
        minor_children=[{"name": "王小明", "id_number": "E134567890"}, {"name": "王小華", "id_number": ""}],
    )
    assert sorted(domain.relatives_input(system).to_pylist(), key=lambda r: r["relative_id"]) == [
        {"person_id": "A100000001", "relative_id": "B200000002", "relation": "兄弟", "basis": "戶籍資料"},
        {"person_id": "E123456789", "relative_id": "E134567890", "relation": "子女", "basis": DECLARED},
        {"person_id": "E123456789", "relative_id": "E223456789", "relation": "配偶", "basis": DECLARED},
    ]


def test_the_system_page_says_how_many_users_declared_relatives(designated, clients, system, tmp_path):
    users = tmp_path / "users.csv"
    users.write_text("帳號,身分證號,姓名\nu1,E123456789,王大明\nu2,E100000002,李四\n")
    domain.import_source(system=system, kind="users", path=users, file_name="users.csv", actor=designated.admin)
    family = {"agency": designated.agency_a, "category": DeclarantCategory.SUPERVISOR, "actor": designated.admin}
    declarations.create_declarant(
        name="王大明",
        id_number="E123456789",
        position="科長",
        spouse_name="林美玉",
        spouse_id_number="E223456789",
        minor_children=[{"name": "王小明", "id_number": "E134567890"}],
        **family,
    )
    declarations.create_declarant(  # not a user of this system
        name="陳一", id_number="E300000003", position="科員", spouse_id_number="E200000004", **family
    )
    page = clients["officer"].get(system.get_absolute_url()).content.decode()
    assert "本系統使用者中 1 人的財產申報載有配偶或子女的身分證統一編號，共 2 人" in page


def test_a_declared_relative_alert_links_the_declarant_the_officer_may_see(designated, clients, system, tmp_path):
    work = tmp_path / "gen"
    _generate(system, work, designated.admin)
    _declare_families(work, designated.agency_a, designated.admin)
    alerts = _relative_alerts(system, designated.admin)
    alert = Alert.objects.get(system=system, kind="relative", lookup_id=min(alerts))
    users = pq.read_table(work / "users.parquet").to_pylist()
    person_id = next(u["person_id"] for u in users if u["user_id"] == alert.account)
    declarant = Declarant.objects.get(id_number=person_id)

    page = clients["officer"].get(alert.get_absolute_url()).content.decode()
    assert f'<a href="{declarant.get_absolute_url()}">{declarant.name}（甲局 課員）</a>' in page

    # Filed with another unit's agency: the alert still says so, but the officer gets no link to it.
    Declarant.objects.filter(pk=declarant.pk).update(agency=designated.agency_b, unit=designated.unit_b)
    page = clients["officer"].get(alert.get_absolute_url()).content.decode()
    assert "依財產申報之親屬資料" in page and declarant.get_absolute_url() not in page

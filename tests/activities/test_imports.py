"""Every activities record type imports through the core framework, scoped to the importing user."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from probity.activities.enums import InspectionStatus
from probity.activities.models import Inspection, Meeting, Outreach, Proposal, ProtestAlert
from probity.core import imports
from tests.activities.conftest import make_meeting

KEYS = ["meetings", "proposals", "outreach", "inspections", "protest-alerts"]


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(key, rows, actor):
    return imports.run_import(key, xlsx(rows), f"{key}.xlsx", actor=actor)


def test_every_record_type_is_registered():
    registered = {importer.key: importer for importer in imports.all_importers()}
    for key in KEYS:
        assert registered[key].permission == "activities.record_activities"


@pytest.mark.parametrize("key", KEYS)
def test_template_headers_and_example_row(key):
    importer = imports.get_importer(key)
    sheet = load_workbook(io.BytesIO(imports.build_template(importer))).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [f"{c.header}*" if c.required else c.header for c in importer.columns]
    assert [cell.value or "" for cell in sheet[2]] == [c.example for c in importer.columns]


def test_meetings_import_kinds_and_default_unit(cast):
    report = run(
        "meetings",
        [
            ["機關", "會議日期", "次別", "會報類別", "主持人", "外聘委員"],
            ["甲局", "110/09/15", 3, "廉政會報、安全維護會報", "局長甲", "王大明、李小華"],
            ["agency-a1", "110/10/01", 1, "安全維護會報", "", ""],
        ],
        cast.officer,
    )
    assert (report.ok, report.created) == (True, 2)
    joint = Meeting.objects.get(seq_no=3)
    assert (joint.is_integrity, joint.is_security, joint.unit, joint.date) == (
        True,
        True,
        cast.unit_a,
        dt.date(2021, 9, 15),
    )
    assert joint.external_member_list == ["王大明", "李小華"]
    assert Meeting.objects.get(seq_no=1).unit == cast.unit_a1


def test_meetings_import_refuses_agency_out_of_scope(cast):
    report = run(
        "meetings", [["機關", "會議日期", "次別", "會報類別"], ["乙局", "110/09/15", 1, "廉政會報"]], cast.officer
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "機關")]
    assert "權限範圍" in report.errors[0].message
    assert Meeting.objects.count() == 0


def test_meetings_import_refuses_unit_out_of_scope(cast):
    report = run(
        "meetings",
        [["機關", "政風機構", "會議日期", "次別", "會報類別"], ["甲局", "乙局政風室", "110/09/15", 1, "廉政會報"]],
        cast.officer,
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "政風機構")]


def test_proposals_import_attaches_to_meeting_and_skips_known(cast):
    meeting = make_meeting(cast.agency_a, date=dt.date(2021, 9, 15), seq_no=3, proposals=1)
    rows = [
        ["機關", "會議日期", "會議次別", "類別", "案由", "決議", "追蹤情形", "主(協)辦單位"],
        ["甲局", "110/09/15", 3, "專題報告", "採購風險專題報告", "洽悉", "解除列管", "採購科"],
        ["甲局", "110/09/15", 3, "", "提案1", "", "", ""],
    ]
    report = run("proposals", rows, cast.officer)
    assert (report.ok, report.created, report.skipped) == (True, 1, 1)
    proposal = meeting.proposals.get(title="採購風險專題報告")
    assert (proposal.seq_no, proposal.type, proposal.status, proposal.responsible_unit) == (
        2,
        "thematic",
        "closed",
        "採購科",
    )


def test_proposals_import_needs_the_meeting(cast):
    report = run("proposals", [["機關", "會議日期", "會議次別", "案由"], ["甲局", "110/09/15", 9, "案"]], cast.officer)
    assert [(e.row, e.column) for e in report.errors] == [(2, "會議次別")]
    assert Proposal.objects.count() == 0


def test_outreach_import(cast):
    rows = [
        ["機關", "日期", "主題", "方式", "名稱", "場次", "參加人次", "對象", "辦理成效重點"],
        ["甲局", "110/08/20", "財產申報", "說明會", "財產申報說明會", 2, "1,170", "申報義務人", "鼓勵使用授權服務"],
    ]
    report = run("outreach", rows, cast.officer)
    assert report.ok
    outreach = Outreach.objects.get()
    assert (outreach.topic, outreach.form, outreach.sessions, outreach.attendances, outreach.highlight) == (
        "asset_declaration",
        "briefing",
        2,
        1170,
        "鼓勵使用授權服務",
    )


def test_inspections_import_open_and_closed(cast):
    rows = [
        ["機關", "檢查日期", "類別", "檢查項目", "檢查發現", "追蹤期限", "已結案"],
        ["甲局", "110/10/05", "資訊系統使用管理稽核", "戶役政稽核", "未登載事由", "110/12/05", "否"],
        ["甲局", "110/10/06", "安全維護檢查", "門禁檢查", "", "", "是"],
    ]
    report = run("inspections", rows, cast.officer)
    assert report.ok
    audit = Inspection.objects.get(title="戶役政稽核")
    assert (audit.kind, audit.status, audit.follow_up_due) == (
        "information_system",
        InspectionStatus.FOLLOWING_UP,
        dt.date(2021, 12, 5),
    )
    closed = Inspection.objects.get(title="門禁檢查")
    assert (closed.status, closed.closed_on) == (InspectionStatus.CLOSED, dt.date(2021, 10, 6))


def test_protest_alerts_import(cast):
    rows = [
        ["機關", "情資日期", "情資來源", "陳抗事由", "預估人數", "通報機關首長", "聯繫警察機關", "處理結果"],
        ["甲局", "110/11/02", "媒體網路", "自救會陳情", 50, "是", "否", "協助疏處"],
    ]
    report = run("protest-alerts", rows, cast.officer)
    assert report.ok
    alert = ProtestAlert.objects.get()
    assert (alert.source, alert.expected_size, alert.notified_head, alert.notified_police, alert.outcome) == (
        "media",
        50,
        True,
        False,
        "defused",
    )


def test_import_records_command(cast, tmp_path):
    path = tmp_path / "alerts.xlsx"
    path.write_bytes(xlsx([["機關", "情資日期", "情資來源", "陳抗事由"], ["甲局", "110/11/02", "其他", "陳情"]]))
    out = io.StringIO()
    call_command("import_records", "protest-alerts", str(path), "--as", "officer", stdout=out)
    assert "新增 1 筆" in out.getvalue()
    call_command("import_records", "protest-alerts", str(path), "--as", "officer", stdout=out)
    assert "已存在略過 1 筆" in out.getvalue()
    assert ProtestAlert.objects.count() == 1


def test_import_records_command_refuses_auditor(cast, tmp_path):
    path = tmp_path / "alerts.xlsx"
    path.write_bytes(xlsx([["機關", "情資日期", "情資來源", "陳抗事由"], ["甲局", "110/11/02", "其他", "陳情"]]))
    with pytest.raises(CommandError, match="^auditor 無權匯入 protest-alerts$"):
        call_command("import_records", "protest-alerts", str(path), "--as", "auditor")

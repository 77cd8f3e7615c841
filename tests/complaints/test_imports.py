import json

from probity.audit.models import AuditEvent
from probity.complaints import domain
from probity.complaints.enums import Status
from probity.complaints.models import Complaint, SealedIdentity
from probity.core.imports import get_importer, run_import

HEADER = (
    "原案號,承辦政風機構,被檢舉機關,收件日期,來源管道,匿名,檢舉類別,案由,檢舉內容,被檢舉人,處理結果,結案日期,"
    "移請機關,移請文號,移請日期,受理通知日期,結果通知日期,檢舉人姓名,檢舉人身分證統一編號,檢舉人電話,檢舉人地址,檢舉人電子郵件"
)
ROWS = [
    "109檢0001,,甲局,109/03/02,書面信函,否,圖利、採購弊端,課長涉嫌圖利廠商,詳如檢舉書,王大明/課長、李小華/股長,移請權責機關參處,109/05/01,"
    "甲局,甲政字第1090001號,109/05/01,109/03/10,109/05/05,檢舉人乙君,R223456789,0933-000-111,高雄市前鎮區一路1號,b@example.invalid",
    "109檢0002,,甲局,109/04/01,電話,是,其他,技工上班時間從事私人事務,,,澄清結案,109/06/30,,,,,,,,,,",
    "109檢0003,,甲局所屬機關,109/04/02,網路檢舉專區,是,詐領,詐領加班費,,,查處中,,,,,,,,,,,",
]


def _csv(*rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def test_import_writes_cases_and_sends_identity_to_the_vault(cast):
    report = run_import("complaints", _csv(*ROWS), "history.csv", actor=cast.officer)
    assert report.ok, [e.as_dict() for e in report.errors]
    assert (report.created, report.skipped) == (3, 0)
    first = Complaint.objects.get(legacy_number="109檢0001")
    assert (first.number, first.unit, first.status, first.is_anonymous) == (
        "109-0001",
        cast.unit_a,
        Status.REFERRED,
        False,
    )
    assert [s.name for s in first.subjects.all()] == ["王大明", "李小華"]
    assert Complaint.objects.get(legacy_number="109檢0003").unit == cast.unit_a1
    domain.assign_handler(first, actor=cast.officer, handler=cast.officer)
    identity = domain.reveal_identity(first, actor=cast.officer, reason="核對")
    assert (identity.name, identity.id_number) == ("檢舉人乙君", "R223456789")
    assert SealedIdentity.objects.count() == 1
    audit = json.dumps(list(AuditEvent.objects.values_list("data", flat=True)), ensure_ascii=False)
    assert "R223456789" not in audit and "檢舉人乙君" not in audit


def test_reimport_skips_existing_cases(cast):
    run_import("complaints", _csv(*ROWS), "history.csv", actor=cast.officer)
    report = run_import("complaints", _csv(*ROWS), "history.csv", actor=cast.officer)
    assert (report.created, report.skipped) == (0, 3)
    assert Complaint.objects.count() == 3


def test_bad_rows_are_all_reported_and_nothing_is_written(cast):
    bad = [
        "X1,,甲局,109/03/02,書面信函,是,其他,匿名卻填身分,,,澄清結案,109/04/01,,,,,,某人,,,,",
        "X2,,乙局,109/03/02,書面信函,否,其他,不在權限內的機關,,,澄清結案,109/04/01,,,,,,,,,,",
        "X3,,甲局,109/03/02,書面信函,否,其他,移請未填文號,,,移請權責機關參處,109/04/01,,,,,,,,,,",
        "X4,,甲局,109/03/02,書面信函,否,不存在的類別,類別錯誤,,,澄清結案,109/04/01,,,,,,,,,,",
    ]
    report = run_import("complaints", _csv(ROWS[1], *bad), "bad.csv", actor=cast.officer)
    assert sorted(error.row for error in report.errors) == [3, 4, 5, 6]
    assert Complaint.objects.count() == 0


def test_importer_is_registered_for_writers_only(cast):
    importer = get_importer("complaints")
    assert cast.officer.has_perm(importer.permission)
    assert not cast.auditor.has_perm(importer.permission)


def test_import_template_lists_the_identity_columns():
    import io

    from openpyxl import load_workbook

    from probity.core.imports import build_template

    sheet = load_workbook(io.BytesIO(build_template(get_importer("complaints")))).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["原案號*", "承辦政風機構", "被檢舉機關*"]
    assert "檢舉人身分證統一編號" in headers

"""Spreadsheet imports of prevention records: writes through the domain, re-imports skip, scope enforced."""

import pytest

from probity.core import imports
from probity.prevention.models import (
    EducationHighlight,
    IntegrityPlatform,
    PreventiveAction,
    RepreventionReport,
    Risk,
    RoleModelNomination,
    SpecialAudit,
)
from tests.prevention.conftest import make_selection


def csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_every_prevention_importer_builds_a_template(db):
    keys = {
        "special-audits",
        "preventive-actions",
        "repreventions",
        "integrity-platforms",
        "education-highlights",
        "role-model-nominations",
        "risks",
    }
    assert keys <= {importer.key for importer in imports.all_importers()}
    for key in keys:
        assert imports.build_template(imports.get_importer(key))[:2] == b"PK"


def test_special_audits_import_and_reimport_skips(cast):
    data = csv(
        "機關,稽核名稱,稽核業務,稽核期間起,稽核期間迄,完成日期",
        "甲局,停車場稽核,委外經營,110/01/01,110/06/30,110/09/15",
    )
    report = imports.run_import("special-audits", data, "audits.csv", actor=cast.officer)
    assert (report.ok, report.created) == (True, 1)
    audit = SpecialAudit.objects.get()
    assert audit.unit == cast.unit_a
    again = imports.run_import("special-audits", data, "audits.csv", actor=cast.officer)
    assert (again.created, again.skipped) == (0, 1)


def test_import_refuses_agencies_outside_scope(cast):
    data = csv(
        "機關,稽核名稱,稽核業務,稽核期間起,稽核期間迄,完成日期",
        "乙局,越權稽核,委外經營,110/01/01,110/06/30,110/09/15",
    )
    report = imports.run_import("special-audits", data, "audits.csv", actor=cast.officer)
    assert not report.ok
    assert report.errors[0].row == 2 and report.errors[0].column == "機關"
    assert not SpecialAudit.objects.exists()


def test_domain_rule_in_a_row_rejects_the_whole_file(cast):
    data = csv(
        "機關,稽核名稱,稽核業務,稽核期間起,稽核期間迄,完成日期",
        "甲局,好稽核,委外,110/01/01,110/06/30,110/09/15",
        "甲局,壞稽核,委外,110/06/30,110/01/01,110/09/15",
    )
    report = imports.run_import("special-audits", data, "audits.csv", actor=cast.officer)
    assert not report.ok and report.errors[0].row == 3
    assert not SpecialAudit.objects.exists()


def test_preventive_actions_import(cast):
    data = csv(
        "機關,類別,來源管道,提出日期,案由,機關採納,節省公帑",
        "甲局,預警,採購監辦,110/08/02,驗收程序,是,120000",
        "甲局所屬機關,導正建議,公文會辦,110/08/03,會辦意見,否,",
    )
    report = imports.run_import("preventive-actions", data, "actions.csv", actor=cast.officer)
    assert report.ok, report.errors
    first, second = PreventiveAction.objects.order_by("raised_on")
    assert (first.kind, first.channel, first.adopted, first.money_saved) == (
        "early_warning",
        "procurement",
        True,
        120000,
    )
    assert (second.unit, second.adopted) == (cast.unit_a1, False)


def test_repreventions_platforms_and_highlights_import(cast):
    assert imports.run_import(
        "repreventions",
        csv(
            "機關,報告名稱,完成日期,相關檢舉案號,發生原因,再防貪措施",
            "甲局,再防貪案,110/10/20,110政檢001、110政檢002,原因,措施",
        ),
        "r.csv",
        actor=cast.officer,
    ).ok
    assert RepreventionReport.objects.get().case_list == ["110政檢001", "110政檢002"]
    assert imports.run_import(
        "integrity-platforms",
        csv("機關,平臺名稱,重大工程或採購案,成立日期,參與機關團體", "甲局,某平臺,某工程,110/09/10,甲局、廉政署"),
        "p.csv",
        actor=cast.officer,
    ).ok
    assert IntegrityPlatform.objects.get().members == ["甲局", "廉政署"]
    assert imports.run_import(
        "education-highlights",
        csv("機關,活動名稱,辦理日期,報告段落,成果敘述", "甲局,誠信活動,110/10/01,一(二)2 廉潔教育,敘述"),
        "h.csv",
        actor=cast.officer,
    ).ok
    assert EducationHighlight.objects.get().section == "1-2-2"


def test_nominations_import_enforces_the_quota(cast):
    make_selection(cast, year=110)
    header = "年度,被推薦人服務機關,被推薦人,職稱,事蹟類別,具體事蹟,推薦日期"
    rows = [f"110,乙局,人{n},科員,其他廉潔事蹟,事蹟,110/02/2{n}" for n in range(3)]
    report = imports.run_import("role-model-nominations", csv(header, *rows), "n.csv", actor=cast.admin)
    assert not report.ok
    assert "上限" in report.errors[0].message
    assert not RoleModelNomination.objects.exists()
    assert imports.run_import("role-model-nominations", csv(header, *rows[:2]), "n.csv", actor=cast.admin).ok


def test_nominations_import_needs_an_open_selection_year(cast):
    header = "年度,被推薦人服務機關,被推薦人,職稱,事蹟類別,具體事蹟,推薦日期"
    report = imports.run_import(
        "role-model-nominations",
        csv(header, "109,甲局,某人,科員,其他廉潔事蹟,事蹟,109/02/20"),
        "n.csv",
        actor=cast.officer,
    )
    assert "尚未建立" in report.errors[0].message


@pytest.mark.parametrize(("likelihood", "ok"), [("3", True), ("4", False)])
def test_risks_import_on_the_default_matrix(cast, likelihood, ok):
    data = csv(
        "機關,風險項目,業務流程,固有可能性,固有影響程度,處理方式,風險負責人,評估日期,下次檢視日",
        f"甲局,驗收勾串,工程驗收,{likelihood},2,降低,主管,110/03/01,110/09/01",
    )
    report = imports.run_import("risks", data, "risks.csv", actor=cast.officer)
    assert report.ok is ok
    if ok:
        risk = Risk.objects.get()
        assert (risk.inherent_likelihood, risk.inherent_impact, risk.inherent_level) == (2, 1, 2)

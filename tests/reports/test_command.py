import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from probity.core.roc import Period
from probity.reports.models import BuiltReport
from tests.commands import description_in_both_languages, option_help
from tests.reports.conftest import add_figure


def test_build_report_writes_the_city_report(cast, seed_records, tmp_path):
    output, said = tmp_path / "r.md", io.StringIO()
    call_command("build_report", "110H2", "--format", "md", "--output", str(output), stderr=said)
    text = output.read_text(encoding="utf-8")
    report = BuiltReport.objects.get()
    size = f"{len(output.read_bytes()):,}"
    assert said.getvalue() == f"{report} → {output}（{size} 位元組，報告代碼 {report.code}）\n"
    assert text.startswith("# 高雄市政府110年下半年政風工作報告\n")
    assert "110年下半年受理檢舉貪瀆不法案件571案" in text
    report = BuiltReport.objects.get()
    assert (report.period, report.unit, report.built_by) == ("110H2", None, None)


def test_build_report_for_one_unit_by_agency_key(cast, seed_indicators, tmp_path):
    add_figure("complaints.received", 7, actor=cast.officer, period=Period(111, 1))
    add_figure("complaints.received", 9, actor=cast.outsider, period=Period(111, 1))
    output = tmp_path / "r.md"
    call_command(
        "build_report",
        "111年上半年",
        "--format",
        "md",
        "--output",
        str(output),
        "--unit",
        "agency-a",
        stderr=io.StringIO(),
    )
    assert "111年上半年受理檢舉貪瀆不法案件7案" in output.read_text(encoding="utf-8")
    assert BuiltReport.objects.get().unit == cast.unit_a


def test_build_report_rebuilds_a_stored_report_to_the_same_bytes(cast, seed_records, tmp_path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    call_command("build_report", "110H2", "--format", "html", "--output", str(first), stderr=io.StringIO())
    add_figure("complaints.received", 5, actor=cast.admin, period=seed_records)
    code = str(BuiltReport.objects.get().code)
    call_command("build_report", "--rebuild", code, "--format", "html", "--output", str(second), stderr=io.StringIO())
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["110H3"], "not a half-year period"),
        (["110H2", "--unit", "nowhere"], "^找不到政風機構 nowhere（請給機構代碼或機關代號）$"),
        (["--rebuild", str(uuid.UUID(int=0))], f"^找不到報告 {uuid.UUID(int=0)}$"),
        (["--rebuild", "110H2"], "^找不到報告 110H2$"),
        ([], "^請給期別，例如 110H2$"),
        (["110H2", "--template", "無此範本"], "^找不到範本「無此範本」$"),
    ],
)
def test_build_report_explains_bad_arguments(cast, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_report", *args, "--output", str(tmp_path / "x.md"), stderr=io.StringIO())


def test_build_report_explains_itself_in_chinese_and_in_english():
    assert description_in_both_languages("build_report") == (
        "建置半年工作報告：manage.py build_report 110H2 --format pdf --output report.pdf [--unit CODE]",
        "Build the half-yearly work report: manage.py build_report 110H2 --format pdf --output report.pdf [--unit CODE]",
    )
    with translation.override("en"):
        assert option_help("build_report", "--format") == "output format"


def test_build_report_says_where_it_wrote_in_english(cast, seed_records, tmp_path):
    output, said = tmp_path / "r.md", io.StringIO()
    with translation.override("en"):
        call_command("build_report", "110H2", "--format", "md", "--output", str(output), stderr=said)
    report, size = BuiltReport.objects.get(), f"{len(output.read_bytes()):,}"
    assert said.getvalue() == f"{report} → {output} ({size} bytes, report code {report.code})\n"


def test_only_text_formats_go_to_standard_output(cast, seed_records):
    with pytest.raises(CommandError, match="^只有 md 與 html 可輸出到標準輸出$"):
        call_command("build_report", "110H2", "--format", "pdf", "--output", "-", stderr=io.StringIO())

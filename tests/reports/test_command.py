import io

import pytest
from django.core.management import CommandError, call_command

from probity.core.roc import Period
from probity.reports.models import BuiltReport
from tests.reports.conftest import add_figure


def test_build_report_writes_the_city_report(cast, seed_records, tmp_path):
    output = tmp_path / "r.md"
    call_command("build_report", "110H2", "--format", "md", "--output", str(output), stderr=io.StringIO())
    text = output.read_text(encoding="utf-8")
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
    [(["110H3"], "not a half-year period"), (["110H2", "--unit", "nowhere"], "找不到政風機構 nowhere")],
)
def test_build_report_explains_bad_arguments(cast, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_report", *args, "--output", str(tmp_path / "x.md"), stderr=io.StringIO())

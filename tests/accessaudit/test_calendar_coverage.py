"""A run over years that the holiday table does not list says so: on the run, on the command line and in the
set-up checks. Without it the off-hours rule would pass those years' holidays for workdays in silence."""

import datetime as dt

from django.core.management import call_command
from django.utils import translation

from probity.accessaudit import domain
from probity.core import selfchecks

GAP_2021 = (
    "假日表未涵蓋民國 110 年：這些年的國定假日與補行上班日無從辨識，下班時間規則只依週末與上班時間判斷。"
    "請匯入此系統的假日表後重新執行。"
)


def _calendar_findings() -> list[tuple[str, str]]:
    outcome = next(o for o in selfchecks.run_selfchecks() if o.check.key == "accessaudit.calendar")
    return [(finding.message, finding.url) for finding in outcome.findings]


def _holidays_of_2020_only(system, tmp_path, actor):
    path = tmp_path / "holidays.csv"
    path.write_text("日期,名稱,類別\n2020-10-09,國慶日補假,holiday\n", encoding="utf-8")
    domain.import_source(system=system, kind="holidays", path=path, file_name=path.name, actor=actor)


def test_the_bundled_calendar_covers_the_generated_half_year(designated, loaded, clients):
    assert loaded.run.uncovered_years == []
    assert loaded.run.calendar_gap == ""
    assert _calendar_findings() == []
    assert "aa-calendar-gap" not in clients["officer"].get(loaded.system.get_absolute_url()).content.decode()


def test_a_holiday_file_without_the_runs_year_is_named_on_the_run_and_in_the_checks(
    designated, loaded, clients, cast, tmp_path
):
    _holidays_of_2020_only(loaded.system, tmp_path, cast.admin)
    assert domain.holiday_years(loaded.system) == {2020}
    run = domain.start_audit_run(
        system=loaded.system, date_from=dt.date(2021, 7, 1), date_to=dt.date(2021, 12, 31), actor=cast.admin
    )
    run = domain.perform_audit_run(run, actor=cast.admin)
    assert run.uncovered_years == [2021]
    assert run.calendar_gap == GAP_2021
    with translation.override("en"):
        assert run.calendar_gap.startswith("The holiday calendar does not cover ROC year 110: national holidays")
    page = clients["officer"].get(loaded.system.get_absolute_url()).content.decode()
    assert f'<p class="message warning aa-calendar-gap">{GAP_2021}</p>' in page
    assert _calendar_findings() == [
        (
            "系統「戶役政資訊系統」已匯入民國 110 年的查閱紀錄，假日表卻未涵蓋這些年："
            "國定假日會被當成上班日，補行上班日會被當成週末。請匯入此系統的假日表。",
            loaded.system.get_absolute_url(),
        )
    ]


def test_without_the_offhours_rule_the_calendar_does_not_matter(designated, loaded, cast, tmp_path):
    _holidays_of_2020_only(loaded.system, tmp_path, cast.admin)
    system = domain.update_rule_settings(
        system=loaded.system, rule_settings={"offhours": {"enabled": False}}, actor=cast.admin
    )
    run = domain.start_audit_run(
        system=system, date_from=dt.date(2021, 7, 1), date_to=dt.date(2021, 12, 31), actor=cast.admin
    )
    assert domain.perform_audit_run(run, actor=cast.admin).uncovered_years == []
    assert _calendar_findings() == []


def test_the_command_line_warns_of_the_gap(designated, loaded, cast, tmp_path, capsys):
    _holidays_of_2020_only(loaded.system, tmp_path, cast.admin)
    call_command("run_access_audit", "--system", "hr", "--from", "2021-07-01", "--to", "2021-12-31")
    assert capsys.readouterr().err.strip() == GAP_2021

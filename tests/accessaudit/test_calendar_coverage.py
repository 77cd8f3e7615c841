"""The holiday calendar a run reads: the bundled government office calendar with the system's own days laid
over it. A run over years the calendar does not list says so, on the run, on the command line and in the set-up
checks: without it the off-hours rule would pass those years' holidays for workdays in silence."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from probity.accessaudit import domain, queries
from probity.analytics import generate as gen
from probity.core import selfchecks

GAP_2028 = (
    "假日表未涵蓋民國 117 年：這些年的國定假日與補行上班日無從辨識，下班時間規則只依週末與上班時間判斷。"
    "請匯入此系統的假日表後重新執行。"
)
EARLY_2028 = (dt.date(2028, 1, 1), dt.date(2028, 2, 29))


def _calendar_findings() -> list[tuple[str, str]]:
    outcome = next(o for o in selfchecks.run_selfchecks() if o.check.key == "accessaudit.calendar")
    return [(finding.message, finding.url) for finding in outcome.findings]


def _load_holidays(system, tmp_path, actor, rows: str):
    path = tmp_path / "holidays.csv"
    path.write_text("日期,名稱,類別\n" + rows, encoding="utf-8")
    domain.import_source(system=system, kind="holidays", path=path, file_name=path.name, actor=actor)


@pytest.fixture
def early_2028(loaded, tmp_path, cast):
    """The loaded system also holds two months of lookups beyond the bundled calendar."""
    generated = gen.generate(tmp_path / "2028", events=200, start=EARLY_2028[0], end=EARLY_2028[1], seed=5)
    log_import = domain.queue_log_import(
        system=loaded.system, path=generated.log_path, file_name=generated.log_path.name, actor=cast.admin
    )
    domain.perform_log_import(log_import, actor=cast.admin)
    return loaded


def _run(system, actor, span=EARLY_2028):
    run = domain.start_audit_run(system=system, date_from=span[0], date_to=span[1], actor=actor)
    return domain.perform_audit_run(run, actor=actor)


def test_the_bundled_calendar_covers_the_generated_half_year(designated, loaded, clients):
    assert loaded.run.uncovered_years == []
    assert loaded.run.calendar_gap == ""
    assert _calendar_findings() == []
    assert "aa-calendar-gap" not in clients["officer"].get(loaded.system.get_absolute_url()).content.decode()


def test_a_systems_own_days_are_laid_over_the_bundled_calendar(loaded, cast, tmp_path):
    _load_holidays(
        loaded.system, tmp_path, cast.admin, "2021-07-06,防颱停班,holiday\n2021-09-21,中秋節照常上班,workday\n"
    )
    days = {row["date"]: (row["name"], row["kind"]) for row in queries.holidays_input(loaded.system).to_pylist()}
    assert days[dt.date(2021, 7, 6)] == ("防颱停班", "holiday")
    assert days[dt.date(2021, 9, 21)] == ("中秋節照常上班", "workday")
    assert days[dt.date(2021, 9, 20)] == ("中秋節前一日（調整放假）", "holiday")  # bundled, kept
    assert days[dt.date(2026, 2, 17)] == ("春節", "holiday")
    assert queries.holiday_years(loaded.system) == set(range(2020, 2028))


def test_a_run_beyond_the_calendar_is_named_on_the_run_and_in_the_checks(designated, early_2028, clients, cast):
    run = _run(early_2028.system, cast.admin)
    assert run.lookups > 0
    assert run.uncovered_years == [2028]
    assert run.calendar_gap == GAP_2028
    with translation.override("en"):
        assert run.calendar_gap.startswith("The holiday calendar does not cover ROC year 117: national holidays")
    page = clients["officer"].get(early_2028.system.get_absolute_url()).content.decode()
    assert f'<p class="message warning aa-calendar-gap">{GAP_2028}</p>' in page
    assert _calendar_findings() == [
        (
            "系統「戶役政資訊系統」已匯入民國 117 年的查閱紀錄，假日表卻未涵蓋這些年："
            "國定假日會被當成上班日，補行上班日會被當成週末。請匯入此系統的假日表。",
            early_2028.system.get_absolute_url(),
        )
    ]


def test_typhoon_days_do_not_make_a_calendar_but_a_years_holidays_do(designated, early_2028, cast, tmp_path):
    _load_holidays(
        early_2028.system, tmp_path, cast.admin, "2028-01-03,防颱停班,holiday\n2028-01-04,防颱停班,holiday\n"
    )
    assert _run(early_2028.system, cast.admin).uncovered_years == [2028]
    ten_days = "".join(f"2028-01-{day:02d},放假,holiday\n" for day in (3, 4, 5, 6, 7, 10, 11, 12, 13, 14))
    _load_holidays(early_2028.system, tmp_path, cast.admin, ten_days)
    assert _run(early_2028.system, cast.admin).uncovered_years == []
    assert _calendar_findings() == []


def test_without_the_offhours_rule_the_calendar_does_not_matter(designated, early_2028, cast):
    system = domain.update_rule_settings(
        system=early_2028.system, rule_settings={"offhours": {"enabled": False}}, actor=cast.admin
    )
    assert _run(system, cast.admin).uncovered_years == []
    assert _calendar_findings() == []


def test_the_command_line_warns_of_the_gap(designated, early_2028, capsys):
    call_command("run_access_audit", "--system", "hr", "--from", "2028-01-01", "--to", "2028-02-29")
    assert capsys.readouterr().err.strip() == GAP_2028


def test_the_systems_page_names_the_years_its_calendar_covers(designated, loaded, clients, cast, tmp_path):
    url = loaded.system.get_absolute_url()
    assert "假日表涵蓋民國 109–116 年：內建的政府行政機關辦公日曆表" in clients["officer"].get(url).content.decode()
    ten_days = "".join(f"2029-01-{day:02d},放假,holiday\n" for day in (2, 3, 4, 5, 8, 9, 10, 11, 12, 15))
    _load_holidays(loaded.system, tmp_path, cast.admin, ten_days)
    assert "假日表涵蓋民國 109–116、118 年" in clients["officer"].get(url).content.decode()
    clients["officer"].cookies["django_language"] = "en"
    assert "The holiday calendar covers ROC years 109–116, 118:" in clients["officer"].get(url).content.decode()


@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 200), ("auditor", 403), ("anonymous", 302), ("outsider", 404)]
)
def test_the_calendar_file_by_role(designated, system, clients, role, expected):
    url = reverse("accessaudit:holiday_calendar", args=[system.code])
    assert clients[role].get(url).status_code == expected


def test_the_calendar_in_use_downloads_and_loads_back_as_it_is(designated, system, clients, cast, tmp_path):
    _load_holidays(system, tmp_path, cast.admin, "2021-07-06,防颱停班,holiday\n2021-09-21,照常上班,workday\n")
    url = reverse("accessaudit:holiday_calendar", args=[system.code])
    text = b"".join(clients["officer"].get(url).streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "日期,名稱,類別"
    assert "2021-07-06,防颱停班,holiday" in lines
    assert "2021-09-21,照常上班,workday" in lines
    assert "2026-02-17,春節,holiday" in lines
    assert len(lines) == 1 + queries.holidays_input(system).num_rows
    before = queries.holidays_input(system)
    again = tmp_path / "again.csv"
    again.write_text(text, encoding="utf-8")
    domain.import_source(system=system, kind="holidays", path=again, file_name=again.name, actor=cast.admin)
    assert queries.holidays_input(system).to_pylist() == before.to_pylist()
    clients["officer"].cookies["django_language"] = "en"
    english = b"".join(clients["officer"].get(url).streaming_content).decode("utf-8-sig")
    assert english.splitlines()[0] == "date,name,kind"

"""A system's months at a glance (每月稽核概況), and the alert queue narrowed to a month."""

import datetime as dt

import duckdb
import pytest
from django.urls import reverse

from probity.accessaudit import domain, queries, storage
from probity.accessaudit.enums import JobStatus
from probity.accessaudit.models import Alert, AuditRun
from probity.analytics.ingest import lookups_glob, store_lock
from tests.accessaudit.conftest import make_draw


def _alert(system, day: dt.date, decision: str) -> Alert:
    return Alert.objects.create(
        system=system, unit=system.unit, rule="offhours", kind="night", account="HR001", day=day,
        score=1.0, reason="夜間查閱", decision=decision,
    )  # fmt: skip


def _run(system, start: dt.date, end: dt.date, status=JobStatus.SUCCEEDED) -> AuditRun:
    return AuditRun.objects.create(system=system, unit=system.unit, date_from=start, date_to=end, status=status)


@pytest.fixture
def months(designated, system):
    """August audited to the 15th, with two open alerts, one misuse and a sample of three (one checked, a
    mismatch, which raises a third open alert); September only in a failed run, with one justified alert; a run's October alert of another
    system is not this one's."""
    _run(system, dt.date(2021, 8, 1), dt.date(2021, 8, 10))
    _run(system, dt.date(2021, 8, 6), dt.date(2021, 8, 15))
    _run(system, dt.date(2021, 9, 1), dt.date(2021, 9, 30), status=JobStatus.FAILED)
    for day, decision in [(2, "open"), (31, "open"), (9, "misuse")]:
        _alert(system, dt.date(2021, 8, day), decision)
    _alert(system, dt.date(2021, 9, 1), "justified")
    draw = make_draw(system, 3, month="2021-08")
    domain.check_sampled_lookup(draw=draw, order=2, result="mismatch", note="查詢簿無此筆", actor=designated.officer)
    other = domain.register_system(
        agency=designated.agency_a, key="land", name="地政資訊系統", column_mapping=system.column_mapping, actor=None
    )
    _alert(other, dt.date(2021, 10, 5), "open")
    return draw


def test_each_month_with_alerts_or_a_sample_newest_first(months, system, cast):
    rows, counted = queries.monthly_status(cast.officer, system)
    assert counted is True
    assert [(r.month, r.lookups, r.audited_days, r.days, r.alerts, r.alert_total) for r in rows] == [
        ("2021-09", None, 0, 30, {"justified": 1}, 1),
        ("2021-08", None, 15, 31, {"open": 3, "misuse": 1}, 4),
    ]
    assert rows[1].sample == months and (rows[1].sample.checked, rows[1].sample.mismatched) == (1, 1)
    assert rows[0].sample is None


def test_the_page_shows_the_months_and_links_each_count_to_the_queue(months, system, clients):
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[system.code])).content.decode()
    table = page.split('id="months"', 1)[1].split("</section>", 1)[0]
    queue = reverse("accessaudit:alert_list")
    assert "<td>110年8月</td>" in table and "15/31 日" in table and '<span class="aa-todo">未稽核</span>' in table
    assert f'<a href="{queue}?system={system.code}&amp;month=110%2F08">4</a>' in table
    assert f'<a href="{queue}?system={system.code}&amp;month=110%2F08&amp;decision=misuse">1</a>' in table
    assert f'<a href="{months.get_absolute_url()}">已核對 1/3</a>，不符 1' in table
    assert '<span class="aa-todo">未抽查</span>' in table


def test_a_month_link_opens_exactly_that_months_alerts(months, system, clients):
    response = clients["officer"].get(reverse("accessaudit:alert_list"), {"month": "110/08", "decision": "open"})
    assert sorted((alert.day.day, alert.rule) for alert in response.context["page"]) == [
        (2, "offhours"),
        (2, "sample"),
        (31, "offhours"),
    ]
    response = clients["officer"].get(reverse("accessaudit:alert_list"), {"month": "110/13"})
    assert "請輸入民國年月，例如 110/08。" in response.content.decode()


def test_lookups_per_month_are_the_stores_and_whole_months_read_as_such(designated, loaded, clients):
    with duckdb.connect() as con:
        stored = dict(
            con.execute(
                "SELECT strftime(ts, '%Y-%m'), count(*) FROM read_parquet(?) GROUP BY ALL",
                [lookups_glob(storage.root(), "hr")],
            ).fetchall()
        )
    rows, counted = queries.monthly_status(designated.officer, loaded.system)
    assert counted and {r.month: r.lookups for r in rows} == stored
    assert [r.month for r in rows] == ["2021-12", "2021-11", "2021-10", "2021-09", "2021-08", "2021-07"]
    assert all(r.audited_days == r.days for r in rows)
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[loaded.system.code])).content.decode()
    assert f'<td class="num">{stored["2021-08"]:,}</td>' in page and "全月" in page


def test_while_the_store_is_rewritten_the_page_still_opens_without_the_counts(designated, loaded, clients):
    url = reverse("accessaudit:system_detail", args=[loaded.system.code])
    with store_lock(storage.root(), "hr", exclusive=True):
        response = clients["officer"].get(url)
    assert response.status_code == 200
    assert response.context["months_counted"] is False
    assert all(row.lookups is None for row in response.context["months"])
    assert "查閱紀錄正在重整，查閱筆數稍後再顯示。" in response.content.decode()


def _import_late_lookups(system, tmp_path, actor) -> None:
    """Three lookups of 110/09/20 arrive in a file of their own after the half-year was audited."""
    path = tmp_path / "late.csv"
    path.write_text(
        "序號,查詢時間,使用者帳號,作業別,當事人統號,查詢事由,終端機,筆數\n"
        + "".join(f"9{n},2021-09-20 10:0{n}:00,u0001,查詢,A12345678{n},,T01,1\n" for n in range(3)),
        encoding="utf-8",
    )
    log_import = domain.queue_log_import(system=system, path=path, file_name=path.name, actor=actor)
    assert domain.perform_log_import(log_import, actor=actor).status == JobStatus.SUCCEEDED


def test_a_month_imported_into_after_its_run_is_marked_and_offered_again(designated, loaded, clients, tmp_path):
    assert queries.months_imported_since_audit(loaded.system) == set()
    _import_late_lookups(loaded.system, tmp_path, designated.officer)
    assert queries.months_imported_since_audit(loaded.system) == {"2021-09"}
    rows, _counted = queries.monthly_status(designated.officer, loaded.system)
    assert [r.month for r in rows if r.imported_since_audit] == ["2021-09"]
    assert queries.period_to_audit(loaded.system) == (dt.date(2021, 9, 1), dt.date(2021, 9, 30))
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[loaded.system.code])).content.decode()
    table = page.split('id="months"', 1)[1].split("</section>", 1)[0]
    assert table.count(">匯入後未重跑</a>") == 1
    assert 'name="date_from" value="110/09/01"' in page
    clients["officer"].cookies["django_language"] = "en"
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[loaded.system.code])).content.decode()
    assert page.count(">Imported since its run</a>") == 1


def test_a_rerun_over_the_month_clears_the_mark(designated, loaded, tmp_path):
    _import_late_lookups(loaded.system, tmp_path, designated.officer)
    run = domain.start_audit_run(
        system=loaded.system, date_from=dt.date(2021, 9, 1), date_to=dt.date(2021, 9, 30), actor=designated.officer
    )
    domain.perform_audit_run(run, actor=designated.officer)
    assert queries.months_imported_since_audit(loaded.system) == set()
    assert queries.period_to_audit(loaded.system) == (dt.date(2021, 12, 1), dt.date(2021, 12, 31))


def test_a_rerun_over_part_of_the_month_leaves_the_mark(designated, loaded, tmp_path):
    _import_late_lookups(loaded.system, tmp_path, designated.officer)
    run = domain.start_audit_run(
        system=loaded.system, date_from=dt.date(2021, 9, 1), date_to=dt.date(2021, 9, 15), actor=designated.officer
    )
    domain.perform_audit_run(run, actor=designated.officer)
    assert queries.months_imported_since_audit(loaded.system) == {"2021-09"}


def test_a_new_month_alone_is_not_marked(designated, loaded, tmp_path):
    """Lookups of a month no run has covered leave that month 未稽核, with nothing to rerun."""
    AuditRun.objects.update(date_to=dt.date(2021, 8, 31))
    _import_late_lookups(loaded.system, tmp_path, designated.officer)
    assert queries.months_imported_since_audit(loaded.system) == set()
    assert queries.period_to_audit(loaded.system) == (dt.date(2021, 9, 1), dt.date(2021, 12, 31))

"""A user's drill-down read from the store: a page of lookups, their count and their days."""

import datetime as dt

from probity.analytics.ingest import ingest
from probity.analytics.timeline import user_timeline

LINES = [
    "1,2021-08-01 23:59:59,HR1,查詢,A123456789,府字第1號,10.0.0.1,1",
    "2,2021-08-02 00:00:00,HR1,查詢,B123456789,府字第2號,10.0.0.1,1",
    "3,2021-08-02 09:30:00,HR1,列印,C123456789,府字第3號,10.0.0.1,40",
    "4,2021-08-02 10:00:00,HR2,查詢,A123456789,府字第4號,10.0.0.2,1",
    "5,2021-09-15 08:00:00,HR1,查詢,D123456789,,10.0.0.1,1",
    "6,2021-10-01 08:00:00,HR1,查詢,E123456789,府字第6號,10.0.0.1,1",
]


def _store(tmp_path, mapping, write_log):
    root = tmp_path / "store"
    ingest(write_log(LINES), root=root, system="hr", mapping=mapping, batch=1)
    return root


def test_the_timeline_counts_the_users_lookups_per_day(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    timeline = user_timeline(root, "hr", "HR1", dt.date(2021, 8, 1), dt.date(2021, 9, 30))
    assert timeline.total == 4
    assert timeline.daily == [(dt.date(2021, 8, 1), 1), (dt.date(2021, 8, 2), 2), (dt.date(2021, 9, 15), 1)]
    assert timeline.page.column("lookup_id").to_pylist() == [5, 3, 2, 1]


def test_a_page_of_the_timeline_keeps_the_whole_count_and_days(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    page, total, daily = user_timeline(root, "hr", "HR1", dt.date(2021, 7, 1), dt.date(2021, 12, 31), limit=2, offset=2)
    assert page.column("lookup_id").to_pylist() == [3, 2]
    assert (total, len(daily), sum(count for _day, count in daily)) == (5, 4, 5)


def test_a_user_without_lookups_has_an_empty_timeline(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    page, total, daily = user_timeline(root, "hr", "NOBODY", dt.date(2021, 8, 1), dt.date(2021, 8, 31))
    assert (page.num_rows, total, daily) == (0, 0, [])

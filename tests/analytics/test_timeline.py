"""Drill-downs read from the store: a user's page of lookups, their count and their days; and who looked a
subject up."""

import datetime as dt

from probity.analytics.ingest import ingest
from probity.analytics.timeline import subject_lookups, user_timeline
from tests.stale_keys import as_if_another_hash_wrote

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


def _who_looked_up_a(root, **kwargs):
    return subject_lookups(root, "hr", " a123456789 ", dt.date(2021, 8, 1), dt.date(2021, 8, 31), **kwargs)


def test_a_subjects_lookups_come_from_every_account_newest_first(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    found = _who_looked_up_a(root)  # typed as a person might: spaces and lower case
    assert found.page.column("lookup_id").to_pylist() == [4, 1]
    assert found.page.column("subject_id").to_pylist() == ["A123456789", "A123456789"]
    assert found.total == 2
    assert found.accounts == [
        ("HR1", 1, dt.datetime(2021, 8, 1, 23, 59, 59), dt.datetime(2021, 8, 1, 23, 59, 59)),
        ("HR2", 1, dt.datetime(2021, 8, 2, 10, 0), dt.datetime(2021, 8, 2, 10, 0)),
    ]
    assert _who_looked_up_a(root, oldest_first=True, limit=1).page.column("lookup_id").to_pylist() == [1]


def test_a_subjects_lookups_keep_to_the_period(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    found = subject_lookups(root, "hr", "A123456789", dt.date(2021, 8, 2), dt.date(2021, 8, 2))
    assert (found.page.column("lookup_id").to_pylist(), found.total) == ([4], 1)
    assert subject_lookups(root, "hr", "A123456789", dt.date(2021, 9, 1), dt.date(2021, 12, 31)).total == 0
    assert subject_lookups(root, "hr", "Z999999999", dt.date(2021, 8, 1), dt.date(2021, 8, 31)).accounts == []


def test_files_another_hash_wrote_are_matched_on_the_subject_itself(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    as_if_another_hash_wrote(root / "lookups" / "system=hr")  # their subject keys are no longer hash(subject)
    found = _who_looked_up_a(root)
    assert (found.page.column("lookup_id").to_pylist(), found.total) == ([4, 1], 2)
    later = write_log(["7,2021-08-20 11:00:00,HR3,查詢,A123456789,府字第7號,10.0.0.3,1"], name="later.csv")
    ingest(later, root=root, system="hr", mapping=mapping, batch=2)  # today's keys beside the stale files
    assert _who_looked_up_a(root).page.column("lookup_id").to_pylist() == [7, 4, 1]


def test_a_system_without_lookups_has_none_of_the_subjects(tmp_path):
    found = subject_lookups(tmp_path, "hr", "A123456789", dt.date(2021, 8, 1), dt.date(2021, 8, 31))
    assert (found.page.num_rows, found.total, found.accounts) == (0, 0, [])

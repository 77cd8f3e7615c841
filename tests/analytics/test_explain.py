"""What could explain one lookup: the pair's entries and the cited document's entries."""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from probity.analytics.explain import explanations_for
from probity.analytics.ingest import ingest
from probity.analytics.timeline import one_lookup
from tests.analytics.test_timeline import LINES

D = dt.date


def _explanations(tmp_path):
    rows = [
        ("HR1", "A123456789", "府字第1號", D(2021, 7, 1), D(2021, 7, 31), "案件指派"),
        ("HR1", "A123456789", "府字第9號", D(2021, 8, 10), D(2021, 8, 20), "查詢登記"),
        ("HR1", "A123456789", "府字第8號", D(2021, 1, 1), D(2021, 1, 31), "案件指派"),
        ("HR2", "B123456789", "府字第2號", D(2021, 8, 1), D(2021, 8, 31), "案件指派"),
        ("HR1", "B123456789", "府字第3號", D(2021, 8, 1), D(2021, 8, 31), "案件指派"),
    ]
    path = tmp_path / "explanations.parquet"
    names = ["user_id", "subject_id", "doc_no", "valid_from", "valid_to", "kind"]
    pq.write_table(pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)}), path)
    return path


def test_the_pairs_entries_come_nearest_the_day_first_and_say_whether_they_cover_it(tmp_path):
    found = explanations_for(
        _explanations(tmp_path), user_id="HR1", subject_id="A123456789", doc_no=" 府字第2號 ", day=D(2021, 8, 1)
    )
    assert [(e["doc_no"], e["covers"]) for e in found.pair] == [
        ("府字第1號", False),  # ended the day before
        ("府字第9號", False),  # starts nine days later
        ("府字第8號", False),
    ]
    # The cited number is registered, but for another account and subject.
    assert [(e["user_id"], e["subject_id"], e["covers"]) for e in found.document] == [("HR2", "B123456789", True)]
    assert (found.pair_total, found.document_total) == (3, 1)


def test_a_covering_entry_comes_first_and_the_lists_are_capped(tmp_path):
    found = explanations_for(
        _explanations(tmp_path), user_id="HR1", subject_id="A123456789", doc_no="", day=D(2021, 8, 15), limit=1
    )
    assert ([(e["doc_no"], e["covers"]) for e in found.pair], found.document) == ([("府字第9號", True)], [])
    assert (found.pair_total, found.document_total) == (3, 0)


def test_no_explanations_file_explains_nothing(tmp_path):
    found = explanations_for(
        tmp_path / "missing.parquet", user_id="HR1", subject_id="A1", doc_no="府字第1號", day=D(2021, 8, 1)
    )
    assert found == ([], [], 0, 0)


def test_one_lookup_is_read_from_its_month_and_bucket(tmp_path, mapping, write_log):
    root = tmp_path / "store"
    ingest(write_log(LINES), root=root, system="hr", mapping=mapping, batch=1)
    lookup = one_lookup(root, "hr", "HR1", D(2021, 8, 2), 3)
    assert (lookup["ts"], lookup["action"], lookup["subject_id"], lookup["reason"], lookup["records"]) == (
        dt.datetime(2021, 8, 2, 9, 30),
        "print",
        "C123456789",
        "府字第3號",
        40,
    )
    assert one_lookup(root, "hr", "HR2", D(2021, 8, 2), 3) is None  # another account's lookup
    assert one_lookup(root, "hr", "HR1", D(2021, 11, 2), 3) is None  # a month with nothing stored


def test_the_twenty_nearest_entries_are_listed_with_the_count_of_all(tmp_path):
    path = tmp_path / "e.parquet"
    days = [D(2021, 1, 1) + dt.timedelta(days=3 * n) for n in range(30)]
    names = {"user_id": ["U"] * 30, "subject_id": ["S"] * 30, "doc_no": [f"第{n}號" for n in range(30)]}
    pq.write_table(pa.table({**names, "valid_from": days, "valid_to": days, "kind": ["案件指派"] * 30}), path)
    found = explanations_for(path, user_id="U", subject_id="S", doc_no=None, day=D(2021, 3, 2))
    assert (len(found.pair), found.pair_total) == (20, 30)
    # 3/2 itself, then the entries three days either side, the earlier first.
    assert [e["doc_no"] for e in found.pair[:5]] == ["第20號", "第19號", "第21號", "第18號", "第22號"]

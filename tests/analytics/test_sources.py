import datetime as dt

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from probity.analytics.ingest import IngestError
from probity.analytics.sources import SourceLoad, load_source


def _csv(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def _rows(table, order):
    return duckdb.sql(f"SELECT * FROM read_parquet('{table}') ORDER BY {order}").fetchall()


def test_a_file_replaces_its_table(tmp_path):
    table = tmp_path / "users.parquet"
    load_source("users", _csv(tmp_path / "a.csv", "帳號,身分證號,單位\nU1,A1,戶籍課\nU2,A2,戶籍課\n"), table)
    load = load_source("users", _csv(tmp_path / "b.csv", "帳號,身分證號,單位\nU3,A3,地政課\n"), table)
    assert load == SourceLoad(rows=1, total=1)
    assert [row[:2] for row in _rows(table, "user_id")] == [("U3", "A3")]


def test_merged_users_are_matched_on_the_account_and_the_files_row_wins(tmp_path):
    table = tmp_path / "users.parquet"
    load_source("users", _csv(tmp_path / "a.csv", "帳號,身分證號,單位\nU1,A1,戶籍課\nU2,A2,戶籍課\n"), table)
    merged = _csv(tmp_path / "b.csv", "帳號,身分證號,單位\nU2,A2,地政課\nU3,A3,地政課\n")
    load = load_source("users", merged, table, merge=True)
    assert load == SourceLoad(rows=2, total=3)
    assert [(row[0], row[5]) for row in _rows(table, "user_id")] == [
        ("U1", "戶籍課"),
        ("U2", "地政課"),
        ("U3", "地政課"),
    ]


def test_merged_holidays_are_matched_on_the_date(tmp_path):
    table = tmp_path / "holidays.parquet"
    load_source("holidays", _csv(tmp_path / "a.csv", "日期,名稱,類別\n2021-10-11,國慶日補假,holiday\n"), table)
    merged = _csv(tmp_path / "b.csv", "日期,名稱,類別\n2021-10-11,調整放假,holiday\n2021-09-11,補行上班,workday\n")
    assert load_source("holidays", merged, table, merge=True) == SourceLoad(rows=2, total=2)
    assert _rows(table, "date") == [
        (dt.date(2021, 9, 11), "補行上班", "workday"),
        (dt.date(2021, 10, 11), "調整放假", "holiday"),
    ]


def test_merged_explanations_add_the_files_rows_and_keep_a_repeated_row_once(tmp_path):
    table = tmp_path / "explanations.parquet"
    header = "帳號,當事人統號,文號,起日,迄日,類別\n"
    load_source("explanations", _csv(tmp_path / "a.csv", header + "U1,A1,D-1,2021-07-01,2021-07-31,查詢登記\n"), table)
    november = header + "U1,A1,D-1,2021-07-01,2021-07-31,查詢登記\nU1,A1,D-9,2021-11-01,2021-11-30,查詢登記\n"
    assert load_source("explanations", _csv(tmp_path / "b.csv", november), table, merge=True) == SourceLoad(2, 2)
    assert [row[2] for row in _rows(table, "doc_no")] == ["D-1", "D-9"]


def test_merging_into_a_table_written_before_a_column_existed(tmp_path):
    table = tmp_path / "relatives.parquet"
    pq.write_table(pa.table({"person_id": ["A1"], "relative_id": ["B1"], "relation": ["配偶"]}), table)
    merged = _csv(tmp_path / "b.csv", "身分證號,親屬身分證號,關係,依據\nA1,C1,子女,戶籍資料\n")
    assert load_source("relatives", merged, table, merge=True) == SourceLoad(rows=1, total=2)
    assert _rows(table, "relative_id") == [("A1", "B1", "配偶", None), ("A1", "C1", "子女", "戶籍資料")]


def test_merging_without_a_table_writes_the_file_as_the_table(tmp_path):
    table = tmp_path / "subjects.parquet"
    load = load_source("subjects", _csv(tmp_path / "a.csv", "當事人統號,姓名\nS1,王大明\n"), table, merge=True)
    assert load == SourceLoad(rows=1, total=1)
    assert [row[:2] for row in _rows(table, "subject_id")] == [("S1", "王大明")]


def test_a_bad_file_merges_nothing(tmp_path):
    table = tmp_path / "users.parquet"
    load_source("users", _csv(tmp_path / "a.csv", "帳號,身分證號\nU1,A1\n"), table)
    before = table.read_bytes()
    bad = _csv(tmp_path / "b.csv", "帳號,身分證號\n陳志明,A9\nU2,\n", "big5")
    with pytest.raises(IngestError, match="第 3 行：欄位「身分證號」的值「」不正確或空白"):
        load_source("users", bad, table, encoding="big5", merge=True)
    assert table.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "users.parquet"]


def test_holiday_kinds_are_read_in_chinese_or_english_and_an_unknown_one_is_refused_by_line(tmp_path):
    table = tmp_path / "holidays.parquet"
    text = "日期,名稱,類別\n2021-07-06,防颱停班,停止上班\n2021-09-11,補行上班,補行上班\n2021-10-11,國慶日補假,Holiday\n"
    assert load_source("holidays", _csv(tmp_path / "a.csv", text), table) == SourceLoad(rows=3, total=3)
    assert [row[2] for row in _rows(table, "date")] == ["holiday", "workday", "holiday"]
    before = table.read_bytes()
    bad = _csv(tmp_path / "b.csv", "日期,名稱,類別\n2021-08-02,防颱停班,停班\n2021-08-03,防颱停班,颱風假\n")
    with pytest.raises(IngestError) as refused:
        load_source("holidays", bad, table)
    assert str(refused.value) == (
        "第 3 行：欄位「類別」的值「颱風假」不正確或空白。可填：holiday（放假）或 workday（補行上班）。"
    )
    assert table.read_bytes() == before


def test_a_vip_flag_is_yes_or_no_and_anything_else_is_refused_by_line(tmp_path):
    table = tmp_path / "subjects.parquet"
    text = "當事人統號,重要人士\nS1,是\nS2,否\nS3,Y\nS4,\nS5,1\n"
    load_source("subjects", _csv(tmp_path / "a.csv", text), table)
    assert duckdb.sql(f"SELECT subject_id, vip FROM read_parquet('{table}') ORDER BY 1").fetchall() == [
        ("S1", True),
        ("S2", False),
        ("S3", True),
        ("S4", None),
        ("S5", True),
    ]
    with pytest.raises(IngestError) as refused:
        load_source("subjects", _csv(tmp_path / "b.csv", "當事人統號,重要人士\nS1,是\nS2,VIP\n"), table)
    assert str(refused.value) == "第 3 行：欄位「重要人士」的值「VIP」不正確或空白。可填：是、否、Y、N、1 或 0。"

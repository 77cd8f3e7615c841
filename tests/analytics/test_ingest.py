import json

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from probity.analytics.ingest import ColumnMapping, IngestError, ingest, lookups_glob, purge_months_before, remove_batch


def _read(root):
    return duckdb.sql(
        f"SELECT lookup_id, ts, user_id, action, subject_id, reason, records, month FROM read_parquet('{lookups_glob(root)}', hive_partitioning=true) ORDER BY lookup_id"
    ).fetchall()


def _files(root):
    return sorted(p.name for p in root.rglob("*.parquet"))


def test_ingest_csv_writes_month_and_bucket_partitions(tmp_path, mapping, write_log):
    log = write_log(["1,2021-07-31 23:59:59,U1,查詢,a123,文號1,t,1", "2,2021-08-01 00:00:00,U2,匯出,B456,,t,300"])
    result = ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=7)
    assert result.rows == 2
    assert result.months == ["2021-07", "2021-08"]
    rows = _read(tmp_path / "store")
    assert [(r[0], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows] == [
        (1, "U1", "query", "A123", "文號1", 1, "2021-07"),
        (2, "U2", "export", "B456", None, 300, "2021-08"),
    ]
    assert all(name.startswith("b7_") for name in _files(tmp_path / "store"))
    assert not any((tmp_path / "store" / ".incoming").iterdir())


def test_ingest_stores_key_hashes_and_the_files_digest(tmp_path, mapping, write_log):
    import hashlib

    log = write_log(["1,2021-07-31 09:00:00,U1,查詢,a123,文號1,t,1", "2,2021-08-01 09:00:00,U2,查詢,B456,,t,1"])
    result = ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1)
    keys = duckdb.sql(
        f"SELECT user_key = hash('U1'), subject_key = hash('A123'), reason_key = hash('文號1'), reason_key IS NULL "
        f"FROM read_parquet('{lookups_glob(tmp_path / 'store')}') ORDER BY lookup_id"
    ).fetchall()
    assert keys == [(True, True, True, False), (False, False, None, True)]
    assert result.sha256 == hashlib.sha256(log.read_bytes()).hexdigest()
    given = ingest(log, root=tmp_path / "again", system="hr", mapping=mapping, batch=1, sha256="f" * 64)
    assert given.sha256 == "f" * 64


def test_ingest_big5_csv_keeps_chinese_text(tmp_path, mapping, write_log):
    log = write_log(["1,2021-07-01 09:00:00,U1,查詢,A1,高市府民字第1100001號,終端,1"], encoding="big5")
    ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1, encoding="big5")
    assert _read(tmp_path / "store")[0][5] == "高市府民字第1100001號"


def test_ingest_big5_file_read_as_utf8_is_refused(tmp_path, mapping, write_log):
    log = write_log(["1,2021-07-01 09:00:00,U1,查詢,A1,高市府民字第1100001號,終端,1"], encoding="big5")
    with pytest.raises(IngestError):
        ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1)
    assert _files(tmp_path / "store") == []


def test_ingest_invalid_big5_names_the_line(tmp_path, mapping):
    log = tmp_path / "bad.csv"
    log.write_bytes(
        "序號,查詢時間,使用者帳號,作業別,當事人統號,查詢事由,終端機,筆數\n".encode("big5")
        + b"1,2021-07-01 09:00:00,U1,\xff\xff,A1,x,t,1\n"
    )
    with pytest.raises(IngestError) as error:
        ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1, encoding="big5")
    assert error.value.line == 2


def test_ingest_malformed_row_names_the_line_and_writes_nothing(tmp_path, mapping, write_log):
    log = write_log(
        [
            "1,2021-07-01 09:00:00,U1,查詢,A1,x,t,1",
            "2,2021-07-01 09:01:00,U1,查詢,A1,x,t",
            "3,2021-08-01 09:00:00,U1,查詢,A1,x,t,1",
        ]
    )
    with pytest.raises(IngestError) as error:
        ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1)
    assert error.value.line == 3
    assert str(error.value) == "第 3 行：應有 8 個欄位，實際為 7 個。"
    assert _files(tmp_path / "store") == []


def test_ingest_bad_time_names_the_line(tmp_path, mapping, write_log):
    log = write_log(["1,2021-07-01 09:00:00,U1,查詢,A1,x,t,1", "2,2021-02-30 09:00:00,U1,查詢,A1,x,t,1"])
    with pytest.raises(IngestError) as error:
        ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1)
    assert str(error.value) == "第 3 行：欄位「查詢時間」的值「2021-02-30 09:00:00」格式不正確。"
    assert _files(tmp_path / "store") == []


def test_ingest_empty_user_names_the_line(tmp_path, mapping, write_log):
    log = write_log(["1,2021-07-01 09:00:00,U1,查詢,A1,x,t,1", "2,2021-07-01 09:00:00, ,查詢,A1,x,t,1"])
    with pytest.raises(IngestError) as error:
        ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1)
    assert str(error.value) == "第 3 行：使用者帳號空白或無法辨識。"


def test_ingest_missing_mapped_column_is_refused(tmp_path, mapping, write_log):
    log = write_log(["1,2021-07-01 09:00:00,U1"], header="序號,查詢時間,使用者帳號")
    with pytest.raises(IngestError) as error:
        ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1)
    assert "作業別" in str(error.value)


def test_ingest_jsonl_and_parquet_and_numbering_without_serial(tmp_path):
    mapping = ColumnMapping(columns={"ts": "time", "user_id": "user", "subject_id": "subject", "reason": "reason"})
    log = tmp_path / "log.jsonl"
    log.write_text(
        "\n".join(
            json.dumps(r) for r in [{"time": "2021-07-01 10:00:00", "user": "U1", "subject": "a1", "reason": "d"}]
        ),
        encoding="utf-8",
    )
    ingest(log, root=tmp_path / "store", system="land", mapping=mapping, batch=3)
    parquet = tmp_path / "log.parquet"
    pq.write_table(
        pa.table({"time": ["2021-07-02 10:00:00"], "user": ["U2"], "subject": ["a2"], "reason": [None]}), parquet
    )
    ingest(parquet, root=tmp_path / "store", system="land", mapping=mapping, batch=4)
    rows = _read(tmp_path / "store")
    assert [(r[0], r[2], r[4], r[3]) for r in rows] == [
        ((3 << 32) + 1, "U1", "A1", "query"),
        ((4 << 32) + 1, "U2", "A2", "query"),
    ]


def test_remove_batch_and_purge(tmp_path, mapping, write_log):
    log = write_log(["1,2021-06-30 09:00:00,U1,查詢,A1,x,t,1", "2,2021-07-01 09:00:00,U1,查詢,A1,x,t,1"])
    ingest(log, root=tmp_path / "store", system="hr", mapping=mapping, batch=1)
    removed = purge_months_before(tmp_path / "store", "2021-07")
    assert [p.rsplit("/", 1)[1] for p in removed] == ["month=2021-06"]
    assert [r[7] for r in _read(tmp_path / "store")] == ["2021-07"]
    assert remove_batch(tmp_path / "store", "hr", 1) == 1
    assert _files(tmp_path / "store") == []

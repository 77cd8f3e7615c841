import datetime as dt
import hashlib

import pyarrow as pa

from probity.analytics import rfc3797, sampling


def _lookups(count: int, month: int = 8) -> pa.Table:
    start = dt.datetime(2021, month, 2, 9, 0)
    return pa.table(
        {
            "lookup_id": list(range(1, count + 1)),
            "ts": [start + dt.timedelta(minutes=i) for i in range(count)],
            "user_id": ["U1"] * count,
            "action": ["query"] * count,
            "subject_id": [f"S{i}" for i in range(count)],
            "reason": ["doc"] * count,
        }
    )


def test_sample_size_is_one_percent_rounded_up_at_least_one():
    assert sampling.sample_size(0) == 0
    assert sampling.sample_size(1) == 1
    assert sampling.sample_size(99) == 1
    assert sampling.sample_size(100) == 1
    assert sampling.sample_size(101) == 2
    assert sampling.sample_size(250) == 3


def test_draw_sample_is_reproducible_from_the_public_sources():
    table = _lookups(250)
    first = sampling.draw_sample(table, month="2021-08", sources=["20210901", [3, 15, 22]])
    again = sampling.draw_sample(table, month="2021-08", sources=["20210901", [3, 15, 22]])
    assert first.size == 3
    assert first.pool_size == 250
    assert first.lookups.column("lookup_id").to_pylist() == again.lookups.column("lookup_id").to_pylist()
    expected = [i + 1 for i in rfc3797.select(250, 3, rfc3797.key_string(["20210901", [3, 15, 22]]))]
    assert first.lookups.column("lookup_id").to_pylist() == expected
    assert first.pool_digest == sampling.pool_digest(list(range(1, 251)))
    assert first.key_string == "20210901./3.15.22./"


def test_draw_sample_only_takes_the_month():
    table = pa.concat_tables([_lookups(10, month=7), _lookups(10, month=8)])
    sample = sampling.draw_sample(table, month="2021-07", sources=[1])
    assert sample.pool_size == 10
    assert sample.size == 1


def test_draw_sample_uses_the_given_draw_function():
    calls = []

    def first_positions(pool_size, count, sources):
        calls.append((pool_size, count, tuple(map(str, sources))))
        return list(range(count))

    sample = sampling.draw_sample(_lookups(150), month="2021-08", sources=["x"], draw=first_positions)
    assert calls == [(150, 2, ("x",))]
    assert sample.lookups.column("lookup_id").to_pylist() == [1, 2]


SOURCES = ["20210901", [3, 15, 22]]


def _recorded(table):
    sample = sampling.draw_sample(table, month="2021-08", sources=SOURCES)
    return sample, sample.lookups.column("lookup_id").to_pylist()


def test_a_recorded_draw_verifies_against_an_unchanged_pool():
    table = _lookups(250)
    sample, ids = _recorded(table)
    verdict = sampling.verify_sample(
        table, month="2021-08", sources=SOURCES, pool_digest=sample.pool_digest, drawn_ids=ids
    )
    assert verdict == sampling.Verification(pool_size=250, pool_digest=sample.pool_digest, problems=[])


def test_the_pool_file_is_exactly_what_the_digest_hashes():
    table = _lookups(250)
    text = sampling.pool_text(table, "2021-08")
    assert text.splitlines()[:3] == [b"1", b"2", b"3"]
    assert hashlib.sha256(text).hexdigest() == _recorded(table)[0].pool_digest


def test_a_changed_pool_or_a_changed_record_is_reported():
    table = _lookups(250)
    sample, ids = _recorded(table)
    grown = _lookups(251)  # one lookup imported after the draw
    verdict = sampling.verify_sample(
        grown, month="2021-08", sources=SOURCES, pool_digest=sample.pool_digest, drawn_ids=ids
    )
    assert verdict.pool_size == 251
    assert verdict.problems[0] == (
        f"母體雜湊不符：抽籤時為 {sample.pool_digest}，現在為 {sampling.pool_digest(list(range(1, 252)))}"
        "（母體 251 筆；該月紀錄檔可能已重新匯入、補匯入或逾保存期限刪除）。"
    )
    tampered = [ids[0], ids[1], ids[2] + 1]
    verdict = sampling.verify_sample(
        table, month="2021-08", sources=SOURCES, pool_digest=sample.pool_digest, drawn_ids=tampered
    )
    assert verdict.problems == [f"第 3 筆：抽籤紀錄為查閱序號 {ids[2] + 1}，重算為 {ids[2]}。"]

"""The store's keys come from DuckDB's hash(), which a DuckDB release may change: files written under another
hash are found, never trusted, and rewritten on demand."""

import datetime as dt
import threading
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from probity.analytics.ingest import (
    StoreBusyError,
    ingest,
    lookups_glob,
    rekey_store,
    remove_batch,
    stale_months,
    store_lock,
)
from probity.analytics.keys import is_stale, key_tag
from probity.analytics.rules import AuditInput, run_rules
from probity.analytics.timeline import bucket_of, user_timeline
from tests.stale_keys import as_if_another_hash_wrote

LINES = [
    "1,2021-07-05 09:00:00,HR1,查詢,S1,府字第1號,10.0.0.1,1",
    "2,2021-07-06 09:00:00,HR1,查詢,S2,府字第1號,10.0.0.1,1",
    "3,2021-07-07 09:00:00,HR2,查詢,S1,,10.0.0.2,1",
    "4,2021-08-02 10:00:00,HR1,查詢,S1,府字第1號,10.0.0.1,1",
    "5,2021-08-03 10:00:00,HR3,查詢,S3,府字第1號,10.0.0.3,1",
]
EXPLANATIONS = pa.table(
    {
        "user_id": ["HR1", "HR3"],
        "subject_id": ["S1", "S3"],
        "doc_no": ["府字第1號", "府字第1號"],
        "valid_from": [dt.date(2021, 7, 1), dt.date(2021, 7, 1)],
        "valid_to": [dt.date(2021, 12, 31), dt.date(2021, 12, 31)],
        "kind": ["案件指派", "案件指派"],
    }
)


def _store(tmp_path, mapping, write_log) -> Path:
    root = tmp_path / "store"
    ingest(write_log(LINES), root=root, system="hr", mapping=mapping, batch=1)
    return root


def _files(root: Path) -> list[Path]:
    return sorted((root / "lookups" / "system=hr").glob("month=*/bucket=*/*.parquet"))


def _tags(root: Path) -> set[str]:
    return {f.stem.split("_")[1] for f in _files(root)}


def _as_if_another_hash_wrote_it(root: Path) -> None:
    as_if_another_hash_wrote(root / "lookups" / "system=hr")


def _alerts(root: Path) -> list[tuple]:
    inputs = AuditInput(lookups=lookups_glob(root, "hr"), explanations=EXPLANATIONS)
    result = run_rules(inputs, start=dt.date(2021, 7, 1), end=dt.date(2021, 8, 31))
    return sorted((row["lookup_id"], row["kind"]) for row in result.alerts.to_pylist() if row["rule"] == "unexplained")


def test_every_file_is_named_after_the_hash_that_wrote_its_keys(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    assert len(_files(root)) == 4
    assert _tags(root) == {key_tag()}
    assert stale_months(root, "hr") == {}
    assert is_stale("b1_0.parquet") and is_stale("b1_k00000000_0.parquet") and not is_stale(_files(root)[0])


def test_the_rules_hash_the_strings_again_when_another_hash_wrote_the_keys(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    expected = [(2, "no_explanation"), (3, "no_reason")]
    assert _alerts(root) == expected
    _as_if_another_hash_wrote_it(root)
    # Trusted, the shifted keys would match no explanation and no document: every lookup would be unexplained.
    assert _alerts(root) == expected


def test_a_drill_down_reads_the_files_another_hash_filed_in_other_buckets(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    _as_if_another_hash_wrote_it(root)
    assert not list((root / "lookups" / "system=hr").glob(f"month=*/bucket={bucket_of('HR1')}/*.parquet"))
    timeline = user_timeline(root, "hr", "HR1", dt.date(2021, 7, 1), dt.date(2021, 8, 31))
    assert timeline.page.column("lookup_id").to_pylist() == [4, 2, 1]


def test_rekeying_rewrites_the_stale_months_with_todays_keys_buckets_and_batch(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    _as_if_another_hash_wrote_it(root)
    assert stale_months(root, "hr") == {"2021-07": 2, "2021-08": 2}
    assert rekey_store(root, "hr") == {"2021-07": 3, "2021-08": 2}
    assert stale_months(root, "hr") == {}
    assert _tags(root) == {key_tag()}
    with duckdb.connect() as con:
        wrong = con.execute(
            "SELECT count(*) FROM read_parquet(?, hive_partitioning=true) "
            "WHERE user_key <> hash(user_id) OR subject_key <> hash(subject_id) OR bucket <> user_key % 16",
            [[str(f) for f in _files(root)]],
        ).fetchone()[0]
    assert wrong == 0
    assert _alerts(root) == [(2, "no_explanation"), (3, "no_reason")]
    assert {f.name.split("_")[0] for f in _files(root)} == {"b1"}
    assert remove_batch(root, "hr", 1) == 4
    assert list((root / "lookups" / ".rekey" / "system=hr").iterdir()) == []
    assert sorted(p.name for p in (root / "lookups" / "system=hr").iterdir()) == ["month=2021-07", "month=2021-08"]


def test_a_rekey_cut_short_between_its_renames_is_finished_by_the_next(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    base = root / "lookups" / "system=hr"
    work = root / "lookups" / ".rekey" / "system=hr"
    work.mkdir(parents=True)
    # The new month was complete and the old one moved aside when the process stopped.
    (base / "month=2021-07").rename(work / "month=2021-07")
    (work / "old-2021-08").mkdir()
    assert rekey_store(root, "hr") == {}
    assert sorted(p.name for p in base.iterdir()) == ["month=2021-07", "month=2021-08"]
    assert list(work.iterdir()) == []
    assert user_timeline(root, "hr", "HR1", dt.date(2021, 7, 1), dt.date(2021, 8, 31)).total == 3


def test_an_import_that_finishes_during_a_rekey_moves_its_files_in_after_it(tmp_path, mapping, write_log):
    root = _store(tmp_path, mapping, write_log)
    later = write_log(["9,2021-07-20 09:00:00,HR1,查詢,S9,府字第1號,10.0.0.1,1"], name="later.csv")
    importing = threading.Thread(
        target=ingest, args=(later,), kwargs={"root": root, "system": "hr", "mapping": mapping, "batch": 2}
    )
    with store_lock(root, "hr", exclusive=True):
        importing.start()
        deadline = time.monotonic() + 60
        while not list((root / ".incoming").glob("b2-*/out/**/*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # the converted file waits for the lock instead of moving in
        assert importing.is_alive()
        assert not list((root / "lookups").rglob("b2_*.parquet"))
    importing.join(timeout=60)
    assert [f.name.split("_")[0] for f in (root / "lookups").rglob("b2_*.parquet")] == ["b2"]


def test_readers_share_the_store_and_one_that_will_not_wait_is_told_it_is_being_rewritten(tmp_path):
    with (
        store_lock(tmp_path, "hr", timeout=0),
        store_lock(tmp_path, "hr", timeout=0),
        pytest.raises(StoreBusyError),
        store_lock(tmp_path, "hr", exclusive=True, timeout=0),
    ):
        pass
    with store_lock(tmp_path, "hr", exclusive=True):
        with pytest.raises(StoreBusyError), store_lock(tmp_path, "hr", timeout=0.2):
            pass
        with store_lock(tmp_path, "land", timeout=0):  # another system's store is not held
            pass


def test_a_reader_that_waits_gets_the_store_once_the_rewrite_has_ended(tmp_path):
    holding, finished = threading.Event(), threading.Event()

    def rewrite():
        with store_lock(tmp_path, "hr", exclusive=True):
            holding.set()
            time.sleep(0.5)
            finished.set()

    rewriter = threading.Thread(target=rewrite)
    rewriter.start()
    assert holding.wait(timeout=30)
    with store_lock(tmp_path, "hr", timeout=30):
        assert finished.is_set()
    rewriter.join(timeout=30)


def test_a_waiting_rewrite_goes_before_the_readers_that_come_after_it(tmp_path):
    order = []
    waiting = threading.Event()

    def rewrite():
        waiting.set()
        with store_lock(tmp_path, "hr", exclusive=True):
            order.append("rewrite")

    def read():
        with store_lock(tmp_path, "hr", timeout=30):
            order.append("late reader")

    with store_lock(tmp_path, "hr", timeout=0):  # a reader holds the store
        rewriter = threading.Thread(target=rewrite)
        rewriter.start()
        assert waiting.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the rewrite holds the gate and waits for the store
            try:
                with store_lock(tmp_path, "hr", timeout=0):
                    pass
            except StoreBusyError:
                break
            time.sleep(0.01)
        else:
            pytest.fail("the waiting rewrite never held readers off")
        late = threading.Thread(target=read)
        late.start()
        time.sleep(0.3)
        assert order == []  # neither gets in while the first reader reads
    rewriter.join(timeout=30)
    late.join(timeout=30)
    assert order == ["rewrite", "late reader"]


def test_every_pass_of_a_run_reads_the_files_that_were_there_when_it_started(tmp_path, mapping, write_log):
    from probity.analytics.rules import _prepare

    root = _store(tmp_path, mapping, write_log)
    con = duckdb.connect()
    _prepare(con, AuditInput(lookups=lookups_glob(root, "hr")), dt.date(2021, 7, 1), dt.date(2021, 8, 31), 31)
    later = write_log(["9,2021-07-20 09:00:00,HR1,查詢,S9,府字第1號,10.0.0.1,1"], name="later.csv")
    ingest(later, root=root, system="hr", mapping=mapping, batch=2)  # moves in while the run goes on
    assert con.execute("SELECT count(*) FROM ev").fetchone()[0] == len(LINES)
    assert con.execute("SELECT count(*) FROM ev_text").fetchone()[0] == len(LINES)
    assert user_timeline(root, "hr", "HR1", dt.date(2021, 7, 1), dt.date(2021, 8, 31)).total == 4  # later runs see it


def test_a_run_over_no_files_says_so(tmp_path):
    with pytest.raises(ValueError, match="no lookups match"):
        run_rules(AuditInput(lookups=lookups_glob(tmp_path, "hr")), start=dt.date(2021, 7, 1), end=dt.date(2021, 7, 31))

"""Access-log audit benchmark: generation, CSV ingest, bare scan vs the full rule suite and its essential passes,
drill-down, recall.

Run by hand (never by CI):  python bench/accessaudit_bench.py --events 10000000 [--memory 8GB]
Everything is measured side by side in one run, on the same generated log.
"""

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from probity.analytics import generate as gen  # noqa: E402
from probity.analytics.evaluate import recall_by_scenario  # noqa: E402
from probity.analytics.ingest import ColumnMapping, connect, ingest, lookups_glob  # noqa: E402
from probity.analytics.rules import AuditInput, run_rules  # noqa: E402
from probity.analytics.timeline import user_timeline  # noqa: E402


def timed(label, func, results):
    started = time.perf_counter()
    value = func()
    results[label] = round(time.perf_counter() - started, 3)
    print(f"{label:<38} {results[label]:>8.3f} s", flush=True)
    return value


# The passes over every lookup that any evaluation of these rules makes, each as bare SQL with nothing else:
# the (user, subject) pairs the pair rules reason about, the lookups per user and day that the volume rule
# compares, one pass deciding each lookup on its own (out of hours, bulk), and the texts of the alerted
# lookups. Their sum bounds the rule suite from below; set against the scan it shows what ratio is possible.
ESSENTIAL_PASSES = {
    "pairs": "SELECT user_key, subject_key, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM {r} GROUP BY ALL",
    "user-days": "SELECT user_key, CAST(ts AS DATE) AS day, count(*) AS n, min(lookup_id) AS ref_id FROM {r} GROUP BY ALL",
    "per-lookup marks": (
        "SELECT lookup_id, ts, action, records, user_key, subject_key, reason_key FROM {r} "
        "WHERE hour(ts) < 8 OR hour(ts) >= 18 OR dayofweek(ts) IN (0, 6) OR (action <> 'query' AND records >= 100)"
    ),
    "texts of the alerted": (
        "SELECT lookup_id, user_id, subject_id, reason FROM {r} WHERE lookup_id IN (SELECT lookup_id FROM alerted)"
    ),
}


def essential_passes(con, glob: str, alerts, repeat: int, results: dict) -> float:
    con.register("alerts_arrow", alerts)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE alerted AS SELECT DISTINCT lookup_id FROM alerts_arrow WHERE lookup_id IS NOT NULL"
    )
    relation = f"read_parquet('{glob}', hive_partitioning=true)"
    total = 0.0
    for name, sql in ESSENTIAL_PASSES.items():
        statement = f"CREATE OR REPLACE TEMP TABLE pass_out AS {sql.format(r=relation)}"
        best = min(_seconds(con, statement) for _ in range(repeat))
        results[f"essential pass: {name}"] = round(best, 3)
        print(f"{'essential pass: ' + name:<38} {best:>8.3f} s", flush=True)
        total += best
    results["essential passes"] = round(total, 3)
    return total


def _seconds(con, statement: str) -> float:
    started = time.perf_counter()
    con.execute(statement)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--memory", default="8GB", help="DuckDB memory_limit")
    parser.add_argument("--dir", default=None, help="work directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the generated log already in --dir")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the scan and of the rule suite (best is kept)")
    args = parser.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="aa-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"events": args.events, "memory_limit": args.memory, "loadavg_start": os.getloadavg()}
    if args.reuse and (work / "gen" / "log.csv").exists():
        log = work / "gen" / "log.csv"
        with log.open("rb") as handle:
            rows = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1
        generated = gen.GeneratedLog(work / "gen", log, rows, 0)
    else:
        generated = timed("generate (csv)", lambda: gen.generate(work / "gen", events=args.events, fmt="csv"), results)

    results["rows"] = generated.rows
    results["csv_bytes"] = generated.log_path.stat().st_size
    store = work / "store"
    shutil.rmtree(store, ignore_errors=True)
    mapping = ColumnMapping(columns={v: k for k, v in gen.LOG_COLUMNS.items()}, actions=gen.ACTION_VALUES)
    timed(
        "csv ingest",
        lambda: ingest(generated.log_path, root=store, system="hr", mapping=mapping, batch=1, memory_limit=args.memory),
        results,
    )
    results["ingest_rows_per_s"] = round(generated.rows / results["csv ingest"])
    glob = lookups_glob(store, "hr")
    con = connect(args.memory, work / "duck-tmp")
    # What this machine allows: DuckDB's own copy of the same CSV into one Parquet file, with its default
    # options and none of ingest's work (typed strict reading, canonical form, keys, partitions).
    copy = work / "duckdb-copy.parquet"
    timed(
        "duckdb's bare csv copy",
        lambda: con.execute(f"COPY (SELECT * FROM read_csv('{generated.log_path}')) TO '{copy}' (FORMAT parquet)"),
        results,
    )
    results["duckdb_copy_rows_per_s"] = round(generated.rows / results["duckdb's bare csv copy"])
    copy.unlink()
    scan_sql = f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true) WHERE action <> 'query' AND hour(ts) >= 18"
    for attempt in range(args.repeat):
        timed(f"bare filtered scan #{attempt + 1}", lambda: con.execute(scan_sql).fetchone(), results)
    g = generated.directory
    inputs = AuditInput(
        lookups=glob,
        users=g / "users.parquet",
        subjects=g / "subjects.parquet",
        explanations=g / "explanations.parquet",
        relatives=g / "relatives.parquet",
    )
    for attempt in range(args.repeat):
        result = timed(
            f"full rule suite #{attempt + 1}",
            lambda: run_rules(inputs, start=dt.date(2021, 7, 1), end=dt.date(2021, 12, 31), con=con),
            results,
        )
    # Best of the repeats, side by side in the same run: the ratio the target speaks of.
    for label in ("bare filtered scan", "full rule suite"):
        results[label] = min(results[f"{label} #{i + 1}"] for i in range(args.repeat))
    results["rules_over_scan"] = round(results["full rule suite"] / results["bare filtered scan"], 1)
    results["alerts"] = result.alerts.num_rows
    results["share_alerted_by_rule_pct"] = {
        rule: round(100 * count / result.lookups, 3) for rule, count in sorted(result.alerted_by_rule.items())
    }
    results["recall_by_scenario"] = recall_by_scenario(result.alerts, g / "labels.parquet")
    floor = essential_passes(con, glob, result.alerts, args.repeat, results)
    results["essential_passes_over_scan"] = round(floor / results["bare filtered scan"], 1)
    user = result.user_scores.column("user_id")[0].as_py()
    timed(
        "drill-down (one user, 6 months)",
        lambda: user_timeline(store, "hr", user, dt.date(2021, 7, 1), dt.date(2021, 12, 31), limit=500),
        results,
    )
    results["loadavg_end"] = os.getloadavg()
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if not args.keep and not args.dir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

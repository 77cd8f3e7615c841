"""Scale run: replicate a generated store k times (100M lookups from 10M) and run the rules under a memory limit.

    python bench/accessaudit_scale.py --base /tmp/aa-bench10 --copies 10 --memory 8GB

``--base`` is a directory left by ``accessaudit_bench.py --dir DIR --keep`` (its gen/ and store/).
Each copy shifts the lookup ids so they stay unique; users, subjects and days are the same, so
every user-day is k times as busy. The copies are named with this DuckDB's key tag (see analytics/keys.py),
as ingest names its files. Peak resident memory of the process is reported.
"""

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The drill-down's chart speaks the site's language, so it needs the settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probity.settings")

import django  # noqa: E402

django.setup()

from probity.accessaudit.charts import daily_lookups_svg  # noqa: E402
from probity.analytics.ingest import connect, lookups_glob  # noqa: E402
from probity.analytics.keys import key_tag  # noqa: E402
from probity.analytics.rules import AuditInput, run_rules  # noqa: E402
from probity.analytics.timeline import subject_lookups, user_timeline  # noqa: E402

CHART_LABELS = {"plain": "查閱筆數", "alerted": "當日有警示", "axis": "每日查閱筆數"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--memory", default="8GB")
    args = parser.parse_args()
    base = Path(args.base)
    scaled = base / "scaled"
    results: dict = {"copies": args.copies, "memory_limit": args.memory, "loadavg_start": os.getloadavg()}
    con = connect(args.memory, base / "duck-tmp")
    source = lookups_glob(base / "store", "hr")
    started = time.perf_counter()
    if not scaled.exists():
        (scaled / "lookups" / "system=hr").mkdir(parents=True)
        for copy in range(args.copies):
            con.execute(
                f"""COPY (SELECT * REPLACE (lookup_id + {copy} * (CAST(1 AS BIGINT) << 40) AS lookup_id)
                          FROM read_parquet('{source}', hive_partitioning=true))
                    TO '{scaled / "lookups" / "system=hr"}'
                    (FORMAT parquet, PARTITION_BY (month, bucket), FILENAME_PATTERN 'c{copy}_{key_tag()}_{{uuid}}', APPEND true)"""
            )
    results["replicate_s"] = round(time.perf_counter() - started, 1)
    glob = lookups_glob(scaled, "hr")
    results["rows"] = con.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchone()[0]
    started = time.perf_counter()
    con.execute(
        f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true) WHERE action <> 'query' AND hour(ts) >= 18"
    ).fetchone()
    results["bare_scan_s"] = round(time.perf_counter() - started, 2)
    g = base / "gen"
    started = time.perf_counter()
    result = run_rules(
        AuditInput(
            lookups=glob,
            users=g / "users.parquet",
            subjects=g / "subjects.parquet",
            explanations=g / "explanations.parquet",
            relatives=g / "relatives.parquet",
        ),
        start=dt.date(2021, 7, 1),
        end=dt.date(2021, 12, 31),
        con=con,
    )
    results["rules_s"] = round(time.perf_counter() - started, 1)
    results["alerts"] = result.alerts.num_rows
    user = result.user_scores.column("user_id")[0].as_py()
    started = time.perf_counter()
    page, total, daily = user_timeline(scaled, "hr", user, dt.date(2021, 7, 1), dt.date(2021, 12, 31), limit=200)
    results["drilldown_s"] = round(time.perf_counter() - started, 3)
    results["drilldown_user_lookups"] = total
    # Who looked up a subject that user looked up: every file of the six months is read (all buckets).
    subject = page.column("subject_id")[0].as_py()
    started = time.perf_counter()
    found = subject_lookups(scaled, "hr", subject, dt.date(2021, 7, 1), dt.date(2021, 12, 31))
    results["subject_lookups_s"] = round(time.perf_counter() - started, 3)
    results["subject_lookups"] = found.total
    # The page also draws the account's lookups per day (accessaudit/charts.py).
    started = time.perf_counter()
    daily_lookups_svg(daily, dt.date(2021, 7, 1), dt.date(2021, 12, 31), set(), labels=CHART_LABELS)
    results["drilldown_chart_s"] = round(time.perf_counter() - started, 3)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results["loadavg_end"] = os.getloadavg()
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

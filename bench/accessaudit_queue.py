"""Benchmark: the access-log alert queue (the page officers triage from every day) over a large alert table.

Run by hand against a scratch database (it migrates it, loads the demo organisation and writes into it):

    PROBITY_DATA_DIR=/tmp/qbench DATABASE_URL=sqlite:////tmp/qbench/bench.sqlite3 \\
        python bench/accessaudit_queue.py --alerts 300000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/probity_qbench python bench/accessaudit_queue.py --alerts 300000

A system of the demo officer's unit gets ``--alerts`` generated alerts over 110H2 (400 accounts, 300,000
subjects, every rule, a tenth decided), written as a run writes them. Each page is then asked for as the
officer, the best of three; the page's SQL statements and its slowest statement are printed beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probity.settings")
os.environ.setdefault("DEBUG", "false")  # as in production: no query log kept

KINDS = [
    ("unexplained", "no_explanation", 3.0),
    ("relationship", "vip", 5.0),
    ("relationship", "self", 5.0),
    ("offhours", "night", 1.0),
    ("area", "outside_area", 1.0),
    ("bulk", "bulk_export", 2.0),
]
PAGES = {
    "queue": "",
    "queue, page 50": "page=50",
    "open alerts of 110H2": "decision=open&period=110H2",
    "one month": "month=110/08",
    "search an account": "q=HR00012",
    "search a subject": "q=A100012345",
}


def _alerts(system, count: int, seed: int):
    from probity.accessaudit.models import Alert

    rng = random.Random(seed)
    start = dt.date(2021, 7, 1)
    for n in range(count):
        rule, kind, score = rng.choice(KINDS)
        decided = rng.random() < 0.1
        yield Alert(
            system=system,
            unit=system.unit,
            rule=rule,
            kind=kind,
            lookup_id=n + 1,
            account=f"HR{rng.randrange(400):05d}",
            staff_name="王大明",
            subject_id=f"A1{rng.randrange(300_000):08d}",
            day=start + dt.timedelta(days=rng.randrange(184)),
            score=score,
            reason="當事人列為重要人士（VIP）",
            decision=rng.choice(["justified", "misuse"]) if decided else "open",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=110)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from probity.accessaudit import domain, views
    from probity.accessaudit.models import Alert, MonitoredSystem
    from probity.analytics import generate as gen
    from probity.org.models import User

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--only", "org", verbosity=0)
    officer = User.objects.select_related("unit").get(username="officer")
    domain.designate_auditor(user=officer, unit=officer.unit, actor=None)
    system = MonitoredSystem.objects.filter(key="bench").first() or domain.register_system(
        agency=officer.unit.agencies.first(),
        key="bench",
        name="戶役政資訊系統",
        column_mapping={"columns": {v: k for k, v in gen.LOG_COLUMNS.items()}, "actions": gen.ACTION_VALUES},
        actor=None,
    )
    started = time.perf_counter()
    with transaction.atomic():
        Alert.objects.filter(system=system).delete()
        Alert.objects.bulk_create(_alerts(system, args.alerts, args.seed), batch_size=5000)
        transaction.on_commit(domain._refresh_alert_statistics)  # as a run leaves the table
    print(f"{connection.vendor}: {args.alerts:,} alerts written in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(officer)
    for label, query in PAGES.items():
        url = f"/accessaudit/?{query}"
        best, statements = float("inf"), []
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url)
                best = min(best, time.perf_counter() - began)
            assert response.status_code == 200, (url, response.status_code)
            statements = captured.captured_queries
        slowest = max(float(s["time"]) for s in statements)
        request = RequestFactory().get(url)
        request.user = officer
        rows = views._filtered_alerts(request)[1].count()
        print(f"  {label:<22} {best:6.3f} s  {rows:>9,} alerts  {len(statements):>3} SQL, slowest {slowest:.3f} s")


if __name__ == "__main__":
    main()

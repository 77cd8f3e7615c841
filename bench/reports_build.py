"""Benchmark: build the whole-city half-year report on ten years of records at ten times the seed's volume.

Run by hand against a scratch database (it migrates it and writes into it):

    PROBITY_DATA_DIR=/tmp/bench DATABASE_URL=sqlite:////tmp/bench/bench.sqlite3 \\
        python bench/reports_build.py --years 10 --scale 10
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/probity_bench python bench/reports_build.py

Data. Each domain app may offer ``bench_data(periods, scale, stdout)`` in its
``demo.py`` (bulk records for the given half-years at ``scale`` times the seed's
volume); the bench calls every one it finds and skips the apps without it.
For every report indicator key that no app registers, the bench registers a
*proxy* indicator over rows of the core ``ImportRun`` table (one row per counted
record, ``seed figure × scale`` rows per half-year, indexed like a domain table
on its type and date), so the builder's work and query pattern can be measured
before the domain apps are merged. The output says which keys were proxies.

Measured: the time to read the inputs (all indicators over six half-years,
highlights, checks), build the document tree and render each format, and the
number of SQL queries — once on one year at scale 1 and once on the full data,
to show that the count does not grow with the records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probity.settings")

# Seed figures of 110H2 (the proxies' volume per half-year at scale 1): key → (value, unit, section).
SEED_VOLUME = {
    "activities.meetings.integrity": (95, "場次", "一(一)1"),
    "activities.proposals.integrity": (185, "案", "一(一)1"),
    "prevention.special_audits": (13, "案", "一(一)2"),
    "prevention.preventive_actions": (18, "案", "一(一)3"),
    "prevention.repreventions": (4, "案", "一(一)4"),
    "prevention.role_models.agencies": (22, "機關", "一(二)4"),
    "prevention.role_models.nominees": (43, "人", "一(二)4"),
    "prevention.role_models.selected": (15, "人", "一(二)4"),
    "activities.outreach.asset_declaration.sessions": (22, "場次", "一(三)1"),
    "activities.outreach.asset_declaration.attendances": (1170, "人次", "一(三)1"),
    "declarations.consent_rate": (100, "%", "一(三)1"),
    "declarations.drawn.review": (405, "人", "一(三)1"),
    "declarations.comparison_ratio": (100, "%", "一(三)1"),
    "declarations.drawn.comparison": (74, "人", "一(三)1"),
    "activities.outreach.conflict_of_interest.sessions": (12, "場次", "一(三)2"),
    "activities.outreach.conflict_of_interest.attendances": (1181, "人次", "一(三)2"),
    "activities.outreach.confidentiality": (947, "案", "二(一)1"),
    "activities.inspections.information": (354, "案", "二(一)2"),
    "activities.meetings.security": (21, "場次", "二(二)1"),
    "activities.inspections.security": (283, "案", "二(二)2"),
    "activities.outreach.security": (777, "次", "二(二)2"),
    "activities.protest_alerts": (68, "案", "二(二)3"),
    "complaints.received": (571, "案", "三(一)"),
    "complaints.received.named": (402, "案", "三(一)"),
    "complaints.received.anonymous": (169, "件", "三(一)"),
    "complaints.outcome.administrative": (11, "案", "三(一)"),
    "complaints.outcome.cleared": (200, "案", "三(一)"),
    "complaints.outcome.referred": (335, "案", "三(一)"),
    "complaints.outcome.open": (25, "案", "三(一)"),
    "complaints.prosecutor_referrals": (8, "案", "三(二)"),
    "complaints.indicted.cases": (3, "案", "三(三)"),
    "complaints.indicted.persons": (4, "人", "三(三)"),
    "complaints.disciplined.cases": (18, "案", "三(三)"),
    "complaints.disciplined.persons": (25, "人", "三(三)"),
}
DOMAIN_APPS = ("activities", "prevention", "conflicts", "declarations", "complaints", "accessaudit")
PROXY_MARK = "bench:"


def setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from probity.org import demo as org_demo
    from probity.org.models import User
    from probity.reports import demo as reports_demo

    if not User.objects.filter(username="admin").exists():
        org_demo.load()
    reports_demo.load()


def domain_generators() -> list:
    found = []
    for app in DOMAIN_APPS:
        try:
            module = importlib.import_module(f"probity.{app}.demo")
        except ImportError:
            continue
        if callable(getattr(module, "bench_data", None)):
            found.append((app, module.bench_data))
    return found


def register_proxies(generated_apps: set[str]) -> list[str]:
    """Proxy indicators for the keys of apps that cannot generate bench data (see the module docstring)."""
    from probity.core import indicators
    from probity.core.models import ImportRun

    proxies = [key for key in SEED_VOLUME if key.split(".", 1)[0] not in generated_apps]
    for key in proxies:
        indicators._registry.pop(key, None)  # measure the proxy, over bench volume, in its place
    for key in proxies:
        value, unit, section = SEED_VOLUME[key]

        def compute(period, scope, key=key, unit=unit):
            rows = scope.filter(
                ImportRun.objects.filter(
                    record_type=PROXY_MARK + key, created_at__gte=period.start, created_at__lt=period.end
                ),
                field="actor__unit",
            )
            if unit == "%":
                return indicators.percentage(rows.filter(status="succeeded").count(), rows.count(), rows)
            return indicators.count_of(rows)

        indicators.indicator(key, label=f"代理指標 {key}", unit=unit, section=section)(compute)
    return proxies


def generate_proxy_rows(proxies: list[str], periods, scale: int) -> int:
    from django.db import connection

    from probity.core.models import ImportRun
    from probity.org.models import User

    actor = User.objects.filter(username="admin").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_importrun_type_time ON core_importrun (record_type, created_at)"
        )
    ImportRun.objects.filter(record_type__startswith=PROXY_MARK).delete()
    total = 0
    for period in periods:
        batch = []
        span = (period.end - period.start).total_seconds()
        for key in proxies:
            count = SEED_VOLUME[key][0] * scale
            for index in range(count):
                moment = period.start + dt.timedelta(seconds=span * (index + 0.5) / count)
                batch.append(
                    ImportRun(
                        record_type=PROXY_MARK + key,
                        file_name="bench.xlsx",
                        file_sha256="0" * 64,
                        actor=actor,
                        status="succeeded" if index % 61 else "rejected",
                        created_at=moment,
                    )
                )
        _bulk_create_keeping_times(batch)
        total += len(batch)
    return total


def _bulk_create_keeping_times(rows) -> None:
    """bulk_create would stamp ``created_at`` with now (auto_now_add); the bench needs each row in its half-year."""
    from probity.core.models import ImportRun

    field = ImportRun._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        ImportRun.objects.bulk_create(rows, batch_size=5000)
    finally:
        field.auto_now_add = True


def best_of(repeat: int, period, label: str, formats) -> dict:
    """The fastest of ``repeat`` runs of each step: the machine's other load only ever adds time."""
    runs = [measure(period, label, formats) for _ in range(repeat)]
    best = {key: min(run[key] for run in runs) for key in runs[0] if isinstance(runs[0][key], float)}
    return {**runs[0], **best}


def measure(period, label: str, formats) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from probity.org.scope import Scope
    from probity.reports import builder, charts, domain, renderers

    version = domain.ensure_default_template(actor=None).latest_version
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        inputs = builder.collect_inputs(version=version, period=period, scope=Scope.city())
        read = time.perf_counter() - start
    start = time.perf_counter()
    document = builder.build_document(inputs)
    tree = time.perf_counter() - start
    results = {"label": label, "queries": len(queries), "read": read, "tree": tree}
    for fmt in formats:
        charts._cached.cache_clear()  # each format pays for its own charts
        start = time.perf_counter()
        renderers.render(document, fmt)
        results[fmt] = time.perf_counter() - start
    results["figures"] = sum(1 for run in document.figures() if not run.missing)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--period", default="110H2")
    parser.add_argument("--formats", default="md,html,pdf,odt,docx")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is shown (shared CPUs)")
    parser.add_argument("--demo", action="store_true", help="measure the database as it is (e.g. after load_demo)")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the data already generated (skips the one-year run)"
    )
    args = parser.parse_args()
    setup()
    from django.db import connection

    from probity.core.roc import Period

    period = Period.parse(args.period)
    formats = [fmt for fmt in args.formats.split(",") if fmt]
    generators = domain_generators()
    if args.demo:
        print(f"database: {connection.vendor}; measuring the data already there with the registered indicators")
        measure(period, "warm-up", ["pdf"])
        report([best_of(args.repeat, period, "demo data", formats)], formats)
        return
    proxies = register_proxies({app for app, _ in generators})
    print(f"database: {connection.vendor}; domain generators: {[app for app, _ in generators] or 'none'}", flush=True)
    print(f"proxy indicators (keys of apps without bench_data): {len(proxies)} of {len(SEED_VOLUME)}", flush=True)

    results = []
    measure(period, "warm-up", ["pdf"])  # font loading and imports, once per process
    if not args.reuse:
        small = period.recent(2)
        domain_rows = sum(generate(small, 1, sys.stdout) for _app, generate in generators)
        rows = generate_proxy_rows(proxies, small, 1)
        label = f"1 year × 1 ({domain_rows:,} domain rows, {rows:,} proxy rows)"
        results.append(best_of(args.repeat, period, label, formats))

        periods = period.next().recent(args.years * 2)
        start = time.perf_counter()
        domain_rows = sum(generate(periods, args.scale, sys.stdout) for _app, generate in generators)
        rows = generate_proxy_rows(proxies, periods, args.scale)
        print(
            f"generated {args.years} years × {args.scale}: {domain_rows:,} domain rows and {rows:,} proxy rows "
            f"in {time.perf_counter() - start:.1f} s"
        )
    from probity.core.models import ImportRun

    rows = ImportRun.objects.filter(record_type__startswith=PROXY_MARK).count()
    label = f"{args.years} years × {args.scale} ({'as generated' if args.reuse else f'{domain_rows:,} domain rows'}"
    results.append(best_of(args.repeat, period, f"{label}, {rows:,} proxy rows)", formats))
    report(results, formats)


def report(results: list[dict], formats: list[str]) -> None:
    header = ["data", "queries", "read", "tree", *formats, "read+tree+md", "read+tree+pdf"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for result in results:
        cells = [result["label"], str(result["queries"]), f"{result['read']:.3f} s", f"{result['tree']:.3f} s"]
        cells += [f"{result[fmt]:.3f} s" for fmt in formats]
        base = result["read"] + result["tree"]
        cells += [f"{base + result.get('md', 0):.3f} s", f"{base + result.get('pdf', 0):.3f} s"]
        print("| " + " | ".join(cells) + " |", flush=True)
    if len(results) == 2:
        same = results[0]["queries"] == results[1]["queries"]
        print(f"query count independent of record count: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()

"""Benchmark: a spreadsheet import of declarants (the framework's largest everyday file), checked and written.

Run by hand against a scratch database (it migrates it, loads the demo organisation and writes into it):

    PROBITY_DATA_DIR=/tmp/ibench DATABASE_URL=sqlite:////tmp/ibench/bench.sqlite3 \\
        python bench/imports_bench.py --rows 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/probity_ibench python bench/imports_bench.py --rows 20000

The file is an XLSX of generated declarants (valid ID numbers, the demo's agencies, positions
and categories), imported as the central administrator, as the worker does for an upload.
Measured: reading the file, checking every row, writing every row (one transaction), and the SQL
statements per written row.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probity.settings")
os.environ.setdefault("DEBUG", "false")  # as in production: no query log kept

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周"
GIVEN = "志明淑芬家豪雅婷俊傑怡君冠宇美玲建宏佩珊"
POSITIONS = ["科長", "股長", "主任", "課長", "秘書", "專員"]
LETTER_CODES = {letter: 10 + n for n, letter in enumerate("ABCDEFGHJKLMNPQRSTUVXYWZIO")}


def id_number(rng: random.Random) -> str:
    """A syntactically valid ROC ID number (letter, sex digit, seven digits, check digit)."""
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVXYWZIO")
    digits = [rng.choice((1, 2))] + [rng.randrange(10) for _ in range(7)]
    code = LETTER_CODES[letter]
    weights = [8, 7, 6, 5, 4, 3, 2, 1]
    total = code // 10 + (code % 10) * 9 + sum(d * w for d, w in zip(digits, weights, strict=True))
    check = (10 - total % 10) % 10
    return letter + "".join(map(str, digits)) + str(check)


def workbook(rows: int, agencies: list[str], seed: int) -> bytes:
    from openpyxl import Workbook

    from probity.core.imports import get_importer

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([column.header for column in get_importer("declarants").columns])
    for _ in range(rows):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        sheet.append([name, id_number(rng), rng.choice(agencies), rng.choice(POSITIONS), "12", "110/07/01"] + [""] * 5)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=110)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from probity.core import imports
    from probity.declarations.models import Declarant
    from probity.org.models import Agency, User

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--only", "org", verbosity=0)
    admin = User.objects.get(username="admin")
    agencies = [a.name for a in Agency.objects.filter(ethics_units__isnull=False).distinct()[:40]]
    Declarant.objects.all().delete()
    data = workbook(args.rows, agencies, args.seed)

    marks = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, time.perf_counter())

    statements = {"all": 0, "select": 0}

    def count(execute, sql, params, many, context):
        statements["all"] += 1
        statements["select"] += sql.lstrip().upper().startswith("SELECT")
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        report = imports.run_import("declarants", data, "bench.xlsx", actor=admin, progress=progress)
    finished = time.perf_counter()
    assert report.ok, report.errors[:3]
    read = marks["validate"] - started
    check = marks["write"] - marks["validate"]
    write = finished - marks["write"]
    print(f"{connection.vendor}: {args.rows} declarants, {len(data) / 1e6:.1f} MB XLSX")
    print(f"  read   {read:6.2f} s")
    print(f"  check  {check:6.2f} s  ({check / args.rows * 1000:.2f} ms/row)")
    print(f"  write  {write:6.2f} s  ({write / args.rows * 1000:.2f} ms/row), created {report.created}")
    print(f"  total  {finished - started:6.2f} s  ({args.rows / (finished - started):,.0f} rows/s)")
    print(
        f"  SQL    {statements['all'] / args.rows:.1f} statements per row "
        f"({statements['select'] / args.rows:.1f} of them SELECT)"
    )


if __name__ == "__main__":
    main()

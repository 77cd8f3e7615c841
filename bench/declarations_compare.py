"""Time the bulk year-over-year comparison over generated pools of growing size.

    python bench/declarations_compare.py            # 10k, 30k, 100k declarants
    python bench/declarations_compare.py 100000

Reads nothing from the database: the engine is pure (probity.declarations.bulk). Reports the
time to compare the whole pool (matching, totals, flags with their Chinese explanations),
excluding the one-off generation, and best of three runs.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow.parquet as pq  # noqa: E402

from bench.declarations_generate import generate  # noqa: E402
from probity.declarations import bulk  # noqa: E402


def run(n: int) -> None:
    folder = Path(f"/tmp/decl-bench-{n}")
    if not (folder / "items.parquet").exists():
        folder.mkdir(parents=True, exist_ok=True)
        items, salaries = generate(n)
        pq.write_table(items, folder / "items.parquet")
        pq.write_table(salaries, folder / "salaries.parquet")
    items = pq.read_table(folder / "items.parquet")
    salaries = pq.read_table(folder / "salaries.parquet")
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        results = bulk.compare_pool(items, salaries)
        timings.append(time.perf_counter() - started)
    flagged = sum(1 for result in results.values() if result.flags)
    print(f"{n:>7} declarants  {items.num_rows:>9} items  best {min(timings):6.2f} s  flagged {flagged}")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 30_000, 100_000]
    for size in sizes:
        run(size)

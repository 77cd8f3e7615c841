"""Time a draw (both stages, RFC 3797) and its verification over pools of growing size.

python bench/declarations_draw.py             # 1k, 10k, 30k, 100k
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from probity.declarations import drawfile  # noqa: E402

RULES = {
    "review_ratio": "0.10",
    "review_rounding": "ceiling",
    "comparison_ratio": "0.02",
    "comparison_rounding": "ceiling",
    "comparison_base": "drawn",
    "minimum_one": True,
}
SOURCES = [{"name": "今彩539", "date": "2022-01-18", "values": [3, 11, 19, 27, 35]}]


def best(func, repeat=3):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        value = func()
        timings.append(time.perf_counter() - started)
    return min(timings), value


def run(n: int) -> None:
    labels = [f"申報人{i:06d}／高雄市政府警察局／分局長" for i in range(n)]
    digest_time, _ = best(lambda: drawfile.pool_digest(labels))
    draw_time, outcome = best(lambda: drawfile.run(n, RULES, [s["values"] for s in SOURCES]))
    data = drawfile.bundle(draw={}, rules=RULES, labels=labels, sources=SOURCES, outcome=outcome)
    verify_time, verdict = best(lambda: drawfile.verify(data))
    assert verdict.match
    print(
        f"{n:>7} pool  review {len(outcome.review):>6}  comparison {len(outcome.comparison):>4}  "
        f"digest {digest_time * 1000:7.1f} ms  draw {draw_time * 1000:7.1f} ms  verify {verify_time * 1000:7.1f} ms"
    )


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000, 30_000, 100_000]
    for size in sizes:
        run(size)

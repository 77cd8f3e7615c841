#!/usr/bin/env python3
"""Verify a published Probity draw file (財產申報實質審查公開抽籤驗證程式).

Standard library only, one file: download the draw's JSON from the public page and run

    python3 verify_draw.py draw.json

It recomputes the pool's SHA-256, builds the RFC 3797 key from the announced random sources'
values, re-runs both stages (review, then year-over-year comparison) and prints MATCH (相符)
or MISMATCH (不符) with the reasons. Exit status 0 on a match, 1 otherwise.

The algorithm (RFC 3797 §4–5): in each source the integers are sorted ascending and written as
``n.``; each source ends with ``/``. Pick j (j = 0, 1, …) is MD5(j as 2 bytes ‖ key ‖ j as 2 bytes)
read as a big-endian integer, modulo the number not yet picked, counted among the remaining
entries in pool order. The comparison stage uses the sources plus one more source, ``2``.
"""

import hashlib
import json
import sys
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

ROUNDING = {"ceiling": ROUND_CEILING, "half_up": ROUND_HALF_UP, "floor": ROUND_FLOOR}


def key_string(sources):
    return "".join("".join(f"{int(v)}." for v in sorted(int(v) for v in values)) + "/" for values in sources)


def select(pool_size, count, key):
    remaining = list(range(pool_size))
    picks = []
    for j in range(count):
        prefix = j.to_bytes(2, "big")
        value = int.from_bytes(hashlib.md5(prefix + key.encode("ascii") + prefix).digest(), "big")  # noqa: S324
        picks.append(remaining.pop(value % len(remaining)))
    return picks


def count_for(ratio, base, rounding, minimum_one):
    if base <= 0:
        return 0
    count = int((Decimal(str(ratio)) * base).quantize(Decimal(1), rounding=ROUNDING[rounding]))
    if minimum_one:
        count = max(count, 1)
    return min(count, base)


def verify(data):
    problems = []
    labels = data["pool"]["entries"]
    text = "".join(f"{i}\t{label}\n" for i, label in enumerate(labels, start=1))
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != data["pool"]["sha256"]:
        problems.append("pool SHA-256 differs: the pool or its order was changed / 名冊雜湊值不符")
    if len(labels) != data["pool"]["size"]:
        problems.append("pool size differs / 名冊人數不符")
    rules = data["rules"]
    sources = [source["values"] for source in data["sources"]]
    key = key_string(sources)
    if key != data["key"]:
        problems.append("key differs from the source values / 亂數鍵值不符")
    n = len(labels)
    n_review = count_for(rules["review_ratio"], n, rules["review_rounding"], rules["minimum_one"])
    review = [p + 1 for p in select(n, n_review, key)]
    base = sorted(review) if rules["comparison_base"] == "drawn" else list(range(1, n + 1))
    n_comparison = count_for(rules["comparison_ratio"], len(base), rules["comparison_rounding"], rules["minimum_one"])
    comparison = [base[p] for p in select(len(base), n_comparison, key_string([*sources, [2]]))]
    stages = {stage["name"]: stage for stage in data["stages"]}
    for name, picks in (("review", review), ("comparison", comparison)):
        stage = stages.get(name)
        if stage is None or stage["selected"] != picks or stage["count"] != len(picks):
            problems.append(f"stage {name}: selection differs from the re-run / 抽出結果不符")
    return problems


def main(argv):
    if len(argv) != 2:
        print("usage: verify_draw.py DRAW.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        data = json.load(handle)
    try:
        problems = verify(data)
    except (KeyError, TypeError, ValueError) as exc:
        problems = [f"file cannot be read: {exc} / 檔案格式錯誤"]
    if problems:
        print("MISMATCH 不符")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    review = next(s for s in data["stages"] if s["name"] == "review")
    comparison = next(s for s in data["stages"] if s["name"] == "comparison")
    print(f"MATCH 相符: pool {data['pool']['size']}, review {review['count']}, comparison {comparison['count']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

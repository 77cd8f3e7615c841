"""The draw's arithmetic and its published file, with no Django: counts, pool digest, selection, verification.

The published file (format ``probity-draw/1``, JSON, UTF-8) holds everything needed to re-run a
draw: the rules, the ordered pool (public labels only), its SHA-256, the announced random sources
with the values they produced, the key and the picks of both stages. ``verify`` re-runs it;
``tools/verify_draw.py`` does the same with the standard library only.

Stages:
1. review: ``count(review_ratio × N)`` picks from the whole pool with key K = key_string(sources).
2. comparison: from the review picks in pool order (base ``drawn``) or from the whole pool (base
   ``total``), ``count(comparison_ratio × base)`` picks with key K2 = key_string(sources + [[2]]),
   i.e. the stage number is appended as one more source, so stage 2 never just repeats stage 1.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from probity.analytics import rfc3797

FORMAT = "probity-draw/1"
_ROUNDING = {"ceiling": ROUND_CEILING, "half_up": ROUND_HALF_UP, "floor": ROUND_FLOOR}


def count_for(ratio, base: int, rounding: str, minimum_one: bool) -> int:
    """How many to pick from ``base`` people: the ratio, rounded as the rules say, at least one if asked."""
    if base <= 0:
        return 0
    exact = Decimal(str(ratio)) * base
    count = int(exact.quantize(Decimal(1), rounding=_ROUNDING[rounding]))
    if minimum_one:
        count = max(count, 1)
    return min(count, base)


def review_count(rules: dict, pool_size: int) -> int:
    return count_for(rules["review_ratio"], pool_size, rules["review_rounding"], rules["minimum_one"])


def comparison_count(rules: dict, pool_size: int, drawn: int) -> int:
    base = drawn if rules["comparison_base"] == "drawn" else pool_size
    return count_for(rules["comparison_ratio"], base, rules["comparison_rounding"], rules["minimum_one"])


def pool_text(labels: list[str]) -> str:
    """The canonical pool: one line per entry, ``<position>\\t<label>\\n``, positions from 1."""
    return "".join(f"{position}\t{label}\n" for position, label in enumerate(labels, start=1))


def pool_digest(labels: list[str]) -> str:
    return hashlib.sha256(pool_text(labels).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Outcome:
    key: str
    review: list[int]  # 1-based pool positions in pick order
    comparison: list[int]


def run(labels_count: int, rules: dict, sources: list[list[int]]) -> Outcome:
    """Both stages over a pool of ``labels_count`` entries."""
    key = rfc3797.key_string(sources)
    n_review = review_count(rules, labels_count)
    review = [position + 1 for position in rfc3797.select(labels_count, n_review, key)]
    base = sorted(review) if rules["comparison_base"] == "drawn" else list(range(1, labels_count + 1))
    n_comparison = comparison_count(rules, labels_count, n_review)
    key2 = rfc3797.key_string([*sources, [2]])
    comparison = [base[position] for position in rfc3797.select(len(base), n_comparison, key2)]
    return Outcome(key, review, comparison)


def bundle(*, draw: dict, rules: dict, labels: list[str], sources: list[dict], outcome: Outcome) -> dict:
    return {
        "format": FORMAT,
        "algorithm": "RFC 3797 (MD5 of 2-byte index, key, 2-byte index; modulo remaining; pool order)",
        "draw": draw,
        "rules": rules,
        "pool": {"size": len(labels), "sha256": pool_digest(labels), "entries": labels},
        "sources": sources,
        "key": outcome.key,
        "stages": [
            {"name": "review", "from": "pool", "count": len(outcome.review), "selected": outcome.review},
            {
                "name": "comparison",
                "from": "review" if rules["comparison_base"] == "drawn" else "pool",
                "count": len(outcome.comparison),
                "selected": outcome.comparison,
            },
        ],
    }


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)

    @property
    def match(self) -> bool:
        return not self.problems


def verify(data: dict) -> Verdict:
    """Re-run a published draw file and list every difference (empty list: it matches)."""
    verdict = Verdict()
    problems = verdict.problems
    try:
        if data.get("format") != FORMAT:
            problems.append(f"unknown format {data.get('format')!r}")
            return verdict
        labels = list(data["pool"]["entries"])
        if len(labels) != data["pool"]["size"]:
            problems.append("pool size differs from the number of entries")
        if pool_digest(labels) != data["pool"]["sha256"]:
            problems.append("pool SHA-256 differs: the pool or its order was changed")
        values = [source["values"] for source in data["sources"]]
        outcome = run(len(labels), data["rules"], values)
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(f"file cannot be read: {exc}")
        return verdict
    if outcome.key != data["key"]:
        problems.append("key differs from the one built from the source values")
    stages = {stage["name"]: stage for stage in data["stages"]}
    for name, picks in (("review", outcome.review), ("comparison", outcome.comparison)):
        stage = stages.get(name)
        if stage is None:
            problems.append(f"stage {name} is missing")
        elif stage["selected"] != picks or stage["count"] != len(picks):
            problems.append(f"stage {name}: published selection differs from the re-run")
    return verdict

"""The year-over-year comparison engine (前後年度比對). Pure Python, no Django.

Two declarations of one declarant are compared item by item:

1. **Matching.** Items of the same owner (本人, 配偶, each minor child) and category are paired by
   identifier (地號, 建號, 車牌, 金融機構, 發行者, 保單號碼; compared after NFKC, upper case and
   removal of spaces and punctuation). Items left over where an identifier is missing on either
   side are paired by the similarity of identifier and description (``difflib``, ratio ≥ 0.8).
2. **Changes.** Per category and for the net worth (assets minus debts), against the household's
   salary income (本人、配偶及未成年子女之薪資所得) of the later year.
3. **Flags**, each with an explanation (a :class:`~probity.analytics.messages.Message`: the Chinese text, which
   pages say again in the reader's language):
   - ``increase_over_salary``: the net worth rose by more than one year's salary income
     (財產申報法第12條第2項);
   - ``new_real_estate``: land or buildings appear that the rise in debts plus the salary cannot pay for;
   - ``cash_jump``: cash and deposits rose by at least NT$1,000,000 and by more than half the salary;
   - ``vanished``: real estate, vehicles, insurance or items of NT$200,000 or more that are gone.

``compare`` handles one pair; ``compare_many`` a list of pairs; :mod:`bulk` (DuckDB) gives the same
flags for a whole pool at once.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from probity.analytics.messages import Message

REAL_ESTATE = frozenset({"land", "building"})
ALWAYS_DECLARED = frozenset({"land", "building", "ship", "car", "aircraft", "insurance"})
LIQUID = frozenset({"cash", "deposit"})
CATEGORIES = (
    "land",
    "building",
    "ship",
    "car",
    "aircraft",
    "cash",
    "deposit",
    "security",
    "valuable",
    "insurance",
    "claim",
    "debt",
    "investment",
)
CATEGORY_LABELS = {
    "land": "土地",
    "building": "建物",
    "ship": "船舶",
    "car": "汽車",
    "aircraft": "航空器",
    "cash": "現金",
    "deposit": "存款",
    "security": "有價證券",
    "valuable": "珠寶古董字畫等",
    "insurance": "保險",
    "claim": "債權",
    "debt": "債務",
    "investment": "事業投資",
}
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Rules:
    fuzzy_cutoff: float = 0.8
    cash_jump_minimum: Decimal = Decimal(1_000_000)
    cash_jump_salary_share: Decimal = Decimal("0.5")
    vanished_minimum: Decimal = Decimal(200_000)


@dataclass(frozen=True)
class Item:
    owner: str
    category: str
    value: Decimal
    identifier: str = ""
    description: str = ""
    owner_name: str = ""


@dataclass(frozen=True)
class Flag:
    code: str
    explanation: Message
    score: Decimal


@dataclass
class Result:
    net_worth_before: Decimal
    net_worth_after: Decimal
    household_salary: Decimal
    changes: dict[str, Decimal]
    new_items: list[Item]
    vanished_items: list[Item]
    matched: int
    flags: list[Flag] = field(default_factory=list)

    @property
    def net_change(self) -> Decimal:
        return self.net_worth_after - self.net_worth_before

    @property
    def risk(self) -> Decimal:
        return sum((flag.score for flag in self.flags), Decimal(0)).quantize(Decimal("0.01"))


def normalise(text: str) -> str:
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text or "")).upper()


def net_worth(items: Iterable[Item]) -> Decimal:
    total = Decimal(0)
    for item in items:
        total += -Decimal(item.value) if item.category == "debt" else Decimal(item.value)
    return total


def category_totals(items: Iterable[Item]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        totals[item.category] += Decimal(item.value)
    return totals


def _pair_order(item: Item) -> tuple:
    return (Decimal(item.value), text_key(item), normalise(item.identifier))


def _pair_sorted(before: list[Item], after: list[Item], key) -> tuple[int, list[Item], list[Item]]:
    """Pair items with equal ``key``; within a key the cheapest pair first, the rest left over."""
    groups: dict[tuple, tuple[list[Item], list[Item]]] = defaultdict(lambda: ([], []))
    for item in before:
        groups[key(item)][0].append(item)
    for item in after:
        groups[key(item)][1].append(item)
    matched, left_before, left_after = 0, [], []
    for olds, news in groups.values():
        # The same order as the bulk path's SQL window, so both leave the same items over.
        olds.sort(key=_pair_order)
        news.sort(key=_pair_order)
        pairs = min(len(olds), len(news))
        matched += pairs
        left_before += olds[pairs:]
        left_after += news[pairs:]
    return matched, left_before, left_after


def fuzzy_pairs(before: list, after: list, cutoff: float) -> tuple[int, list, list]:
    """Stage 3 of matching, shared with the bulk path: greedy best similarity of ``text_key``.

    ``before`` and ``after`` hold leftovers of one owner and category, each with ``has_ident``,
    ``text_key`` and ``value``. Two identified items never pair here (their identifiers differ).
    """
    remaining = sorted(before, key=lambda r: (r.text_key, Decimal(r.value)))
    unpaired_after = []
    matched = 0
    for item in sorted(after, key=lambda r: (r.text_key, Decimal(r.value))):
        best, best_ratio = None, cutoff
        for candidate in remaining:
            if item.has_ident and candidate.has_ident:
                continue
            ratio = difflib.SequenceMatcher(None, item.text_key, candidate.text_key).ratio()
            if ratio > best_ratio or (best is None and ratio >= best_ratio):
                best, best_ratio = candidate, ratio
        if best is None:
            unpaired_after.append(item)
        else:
            remaining.remove(best)
            matched += 1
    return matched, remaining, unpaired_after


@dataclass(frozen=True)
class _Residual:
    has_ident: bool
    text_key: str
    value: Decimal
    item: Item


def match(before: list[Item], after: list[Item], rules: Rules) -> tuple[int, list[Item], list[Item]]:
    """Pair items; return (number matched, items only in ``after``, items only in ``before``).

    1. same owner, category and identifier; 2. same owner, category and identifier+description
    text among the leftovers; 3. similar text (``fuzzy_pairs``) where an identifier is missing.
    """
    identified_before = [item for item in before if normalise(item.identifier)]
    identified_after = [item for item in after if normalise(item.identifier)]

    def by_identifier(item):
        return (item.owner, item.owner_name, item.category, normalise(item.identifier))

    matched, left_before, left_after = _pair_sorted(identified_before, identified_after, by_identifier)
    left_before += [item for item in before if not normalise(item.identifier)]
    left_after += [item for item in after if not normalise(item.identifier)]

    def by_text(item):
        return (item.owner, item.owner_name, item.category, text_key(item))

    exact, left_before, left_after = _pair_sorted(left_before, left_after, by_text)
    matched += exact
    groups: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for side, items in ((0, left_before), (1, left_after)):
        for item in items:
            residual = _Residual(bool(normalise(item.identifier)), text_key(item), Decimal(item.value), item)
            groups[(item.owner, item.owner_name, item.category)][side].append(residual)
    new_items, vanished = [], []
    for olds, news in groups.values():
        paired, olds_left, news_left = fuzzy_pairs(olds, news, rules.fuzzy_cutoff) if olds and news else (0, olds, news)
        matched += paired
        vanished += [r.item for r in olds_left]
        new_items += [r.item for r in news_left]
    return matched, new_items, vanished


def text_key(item: Item) -> str:
    """What stage 2 and 3 compare. Cash has no identifier by nature: one pile per owner."""
    if item.category == "cash":
        return ""
    return normalise(item.identifier + item.description)


def vanished_to_report(vanished: Iterable[tuple[str, Decimal]], rules: Rules) -> list[tuple[str, Decimal]]:
    """Vanished items worth asking about, largest first (the same order on both paths)."""
    kept = [(c, Decimal(v)) for c, v in vanished if c in ALWAYS_DECLARED or Decimal(v) >= rules.vanished_minimum]
    return sorted(kept, key=lambda pair: (-pair[1], pair[0]))


def _money(value: Decimal) -> str:
    return f"{int(value):,}"


def _category(category: str) -> Message | str:
    return Message(CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category


def flags_for(
    *,
    net_change: Decimal,
    salary: Decimal,
    debt_change: Decimal,
    liquid_change: Decimal,
    new_real_estate: Decimal,
    vanished: list[tuple[str, Decimal]],
    rules: Rules,
) -> list[Flag]:
    """The flags from the figures of one comparison (shared by the per-pair and the bulk path)."""
    flags = []
    if net_change > salary:
        excess = (net_change / salary - 1) if salary > 0 else Decimal(4)
        explanation = Message(
            "財產淨額增加 %(increase)s 元，超過本人、配偶及未成年子女全年薪資所得 %(salary)s 元，"
            "應通知申報人限期說明（公職人員財產申報法第12條第2項）。",
            increase=_money(net_change),
            salary=_money(salary),
        )
        flags.append(Flag("increase_over_salary", explanation, Decimal(40) + min(Decimal(40), Decimal(10) * excess)))
    funding = max(debt_change, Decimal(0)) + salary
    if new_real_estate > 0 and new_real_estate > funding:
        explanation = Message(
            "新增不動產價額 %(value)s 元，高於債務增加額與全年薪資所得合計 %(funding)s 元，資金來源待查。",
            value=_money(new_real_estate),
            funding=_money(funding),
        )
        flags.append(Flag("new_real_estate", explanation, Decimal(30)))
    if liquid_change >= rules.cash_jump_minimum and liquid_change > salary * rules.cash_jump_salary_share:
        share = liquid_change / salary if salary > 0 else Decimal(2)
        explanation = Message(
            "現金及存款增加 %(increase)s 元，達全年薪資所得之 %(times)s 倍。",
            increase=_money(liquid_change),
            times=f"{share:.1f}",
        )
        flags.append(Flag("cash_jump", explanation, Decimal(20) + min(Decimal(20), Decimal(10) * share)))
    if vanished:
        items = [
            Message("%(category)s%(value)s元", category=_category(category), value=_money(value))
            for category, value in vanished[:5]
        ]
        more = Message("等 %(count)s 筆", count=len(vanished)) if len(vanished) > 5 else ""
        explanation = Message("前次申報之財產本次未見：%(items)s%(more)s，應查明去向。", items=items, more=more)
        flags.append(Flag("vanished", explanation, Decimal(10) + min(Decimal(10), Decimal(2) * len(vanished))))
    return flags


def compare(before: list[Item], after: list[Item], household_salary, rules: Rules | None = None) -> Result:
    rules = rules or Rules()
    salary = Decimal(household_salary)
    matched, new_items, vanished_items = match(list(before), list(after), rules)
    totals_before, totals_after = category_totals(before), category_totals(after)
    changes = {
        category: totals_after.get(category, Decimal(0)) - totals_before.get(category, Decimal(0))
        for category in CATEGORIES
        if category in totals_before or category in totals_after
    }
    result = Result(
        net_worth_before=net_worth(before),
        net_worth_after=net_worth(after),
        household_salary=salary,
        changes=changes,
        new_items=new_items,
        vanished_items=vanished_items,
        matched=matched,
    )
    result.flags = flags_for(
        net_change=result.net_change,
        salary=salary,
        debt_change=changes.get("debt", Decimal(0)),
        liquid_change=sum((changes.get(c, Decimal(0)) for c in LIQUID), Decimal(0)),
        new_real_estate=sum((Decimal(i.value) for i in new_items if i.category in REAL_ESTATE), Decimal(0)),
        vanished=vanished_to_report(((item.category, item.value) for item in vanished_items), rules),
        rules=rules,
    )
    return result

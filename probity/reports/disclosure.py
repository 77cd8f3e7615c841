"""Small counts in the public copy of a unit's report (small-cell suppression).

A unit's published report could count one anonymous complaint or one false declaration in a small district
office, and readers there may know who that is. In the public copy, a sensitive figure (a count of
complaints, of referrals to prosecutors, of declaration findings or of staff disciplined:
``Indicator.sensitive``) from 1 to
``threshold − 1`` reads 「未滿3」; zero and larger counts stay.

Where a total is the sum of its parts (complaints received = named + anonymous = the four outcomes; reviews
done = the three findings), a part hidden alone could be subtracted back from the total, and even parts
hidden together can be pinned down by their bounds (a total of 4 split into two parts under 3 is 2 + 2). So
when any figure of such a group is small, the total is given (or 「未滿3」 itself) and every part of the
group, zeros included, reads 「＊」: the public learns nothing of the split.

Every period the report shows is treated alike: the text, the annex table, its changes and the charts.
Staff pages and downloads keep the whole figures; so does the city's report, which is published whole as the
official work report has always been.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from probity.core.indicators import all_indicators
from probity.reports.checks import ADDITIVE_GROUPS

# Totals and the parts that add up to them, by indicator key.
ADDITIVE = tuple((group.total, group.parts) for group in ADDITIVE_GROUPS)
GROUPED = {key for total, parts in ADDITIVE for key in (total, *parts)}
WITHHELD = "＊"
SMALL = "small"  # a count below the threshold, given as 「未滿3」
BREAKDOWN = "breakdown"  # a part of a total whose split is withheld, given as 「＊」


@dataclass(frozen=True)
class Suppressed:
    """A figure the public copy does not give; ``text`` stands in its place."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Cell:
    key: str
    period: str  # the half-year's code, e.g. 110H2
    label: str
    reason: str  # SMALL or BREAKDOWN

    @property
    def text(self) -> str:
        return WITHHELD if self.reason == BREAKDOWN else f"未滿{threshold()}"


def threshold() -> int:
    return settings.PROBITY_PUBLIC_MIN_COUNT


def note() -> str:
    """The public copy's explanation, in the language of record like the report itself."""
    k = threshold()
    return (
        f"說明：為免識別檢舉人、財產申報人、受偵查或受議處人員，本報告中少於{k}的相關數字以「未滿{k}」表示；"
        f"合計或其細項有少於{k}者，細項均以「{WITHHELD}」表示不公開。"
    )


def applies(inputs: dict) -> bool:
    return not inputs["scope"]["is_city"] and threshold() > 1


def cells(inputs: dict) -> list[Cell]:
    """The figures the public copy of the report built from ``inputs`` leaves out, in the report's order."""
    if not applies(inputs):
        return []
    sensitive = {ind.key for ind in all_indicators() if ind.sensitive}
    # A split is withheld whole, so its plain parts (reviews with no discrepancy) are read beside the sensitive.
    items = [item for item in inputs["indicators"] if item["key"] in sensitive | GROUPED and item["unit"] != "%"]
    values = {(item["key"], code): value for item in items for code, value in item["values"].items()}
    reasons = {cell: SMALL for cell, value in values.items() if cell[0] in sensitive and _small(value)}
    reasons |= dict.fromkeys(_withheld_parts(reasons, values), BREAKDOWN)
    labels = {item["key"]: item["label"] for item in items}
    order = {item["key"]: index for index, item in enumerate(items)}
    return [
        Cell(key, code, labels[key], reason)
        for (key, code), reason in sorted(reasons.items(), key=lambda pair: (order[pair[0][0]], pair[0][1]))
    ]


def apply(inputs: dict, hidden: list[Cell]) -> dict:
    """A copy of ``inputs`` whose hidden figures are :class:`Suppressed`."""
    if not hidden:
        return inputs
    marks = {(cell.key, cell.period): Suppressed(cell.text) for cell in hidden}
    indicators = [
        {
            **item,
            "values": {code: marks.get((item["key"], code), value) for code, value in item["values"].items()},
        }
        for item in inputs["indicators"]
    ]
    return {**inputs, "indicators": indicators}


def _small(value) -> bool:
    if value is None:
        return False
    value = Decimal(value) if isinstance(value, str) else value
    return 0 < value < threshold()


def _withheld_parts(small: dict, values: dict) -> set:
    """Every part, zeros included, of each total whose group holds a small figure in that period."""
    withheld = set()
    for total, parts in ADDITIVE:
        group = (total, *parts)
        for code in {code for key, code in values if key == total}:
            if any((key, code) in small for key in group):
                withheld |= {(part, code) for part in parts if (part, code) in values}
    return withheld

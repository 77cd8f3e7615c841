"""Consistency checks that compare figures of different apps by their indicator keys.

The totals that are sums of other figures are listed once, in :data:`ADDITIVE_GROUPS`: each group is checked
here (its parts must add up to its total), and ``reports.disclosure`` withholds a group's split together.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from probity.core.consistency import consistency_check


@dataclass(frozen=True)
class AdditiveGroup:
    """A total and the parts that add up to it, by indicator key.

    ``message`` names the parts' sum ``%(parts)s`` and the total ``%(total)s``; ``label`` names the check.
    """

    key: str
    total: str
    parts: tuple[str, ...]
    label: object
    message: object

    def check(self, period, scope, values) -> list[str]:
        """The warning when the parts do not add up to the total (no warning while a figure is missing)."""
        if not all(key in values for key in (self.total, *self.parts)):
            return []
        total = values[self.total] or 0
        parts = sum(values[key] or 0 for key in self.parts)
        if parts == total:
            return []
        return [str(self.message) % {"parts": f"{parts:,}", "total": f"{total:,}"}]


ADDITIVE_GROUPS = (
    AdditiveGroup(
        "reports.complaints_named_anonymous",
        "complaints.received",
        ("complaints.received.named", "complaints.received.anonymous"),
        label=gettext_lazy("具名與匿名檢舉合計應等於受理件數"),
        message=gettext_lazy("具名與匿名檢舉合計 %(parts)s 案，與受理檢舉 %(total)s 案不符。"),
    ),
    AdditiveGroup(
        "reports.complaint_outcomes_sum",
        "complaints.received",
        (
            "complaints.outcome.administrative",
            "complaints.outcome.cleared",
            "complaints.outcome.referred",
            "complaints.outcome.open",
        ),
        label=gettext_lazy("檢舉處理結果合計應等於受理件數"),
        message=gettext_lazy("檢舉處理結果合計 %(parts)s 案，與受理檢舉 %(total)s 案不符。"),
    ),
    AdditiveGroup(
        "reports.review_findings_sum",
        "declarations.reviews.done",
        (
            "declarations.findings.no_issue",
            "declarations.findings.unintentional",
            "declarations.findings.intentional",
        ),
        label=gettext_lazy("各審查結果合計應等於完成實質審查件數"),
        message=gettext_lazy("各審查結果合計 %(parts)s 件，與完成實質審查 %(total)s 件不符。"),
    ),
)

for _group in ADDITIVE_GROUPS:
    consistency_check(_group.key, label=_group.label)(_group.check)

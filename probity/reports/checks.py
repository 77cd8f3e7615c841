"""Consistency checks that compare figures of different apps by their indicator keys."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.core.consistency import consistency_check

# The two ways the complaints received split: by source, and by outcome (reports.disclosure reads them too).
COMPLAINT_SOURCES = ("complaints.received.named", "complaints.received.anonymous")
COMPLAINT_OUTCOMES = (
    "complaints.outcome.administrative",
    "complaints.outcome.cleared",
    "complaints.outcome.referred",
    "complaints.outcome.open",
)


@consistency_check("reports.complaint_outcomes_sum", label=gettext_lazy("檢舉處理結果合計應等於受理件數"))
def complaint_outcomes_sum(period, scope, values) -> list[str]:
    """The four outcomes of the complaints received must add up to the number received."""
    if "complaints.received" not in values or not all(key in values for key in COMPLAINT_OUTCOMES):
        return []
    received = values["complaints.received"] or 0
    outcomes = sum(values[key] or 0 for key in COMPLAINT_OUTCOMES)
    if outcomes == received:
        return []
    return [
        _("檢舉處理結果合計 %(outcomes)s 案，與受理檢舉 %(received)s 案不符。")
        % {"outcomes": f"{outcomes:,}", "received": f"{received:,}"}
    ]


@consistency_check("reports.complaints_named_anonymous", label=gettext_lazy("具名與匿名檢舉合計應等於受理件數"))
def complaints_named_and_anonymous(period, scope, values) -> list[str]:
    keys = ("complaints.received", *COMPLAINT_SOURCES)
    if not all(key in values for key in keys):
        return []
    received, named, anonymous = ((values[key] or 0) for key in keys)
    if named + anonymous == received:
        return []
    return [
        _("具名檢舉 %(named)s 案與匿名檢舉 %(anonymous)s 案合計，與受理檢舉 %(received)s 案不符。")
        % {"named": f"{named:,}", "anonymous": f"{anonymous:,}", "received": f"{received:,}"}
    ]

"""The figures the activities records give a report (seed sections 一(一)1, 一(三), 二(一), 二(二)).

Every figure counts records dated within the half-year and owned by a unit in the scope.
A joint meeting (廉政會報暨安全維護會報) counts once as an integrity meeting and once as a
security meeting. Outreach "sessions" are the sum of the sessions of the outreach records,
"attendances" the sum of their person-times; confidentiality and security outreach are counted
as records (案/次), as the seed report counts them.
"""

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from probity.activities.enums import InspectionKind, OutreachForm, OutreachTopic
from probity.activities.models import Inspection, Meeting, Outreach, Proposal, ProtestAlert
from probity.core.indicators import IndicatorResult, count_of, indicator, sum_of


def _in_period(queryset: QuerySet, period, field: str = "date") -> QuerySet:
    return queryset.filter(**{f"{field}__gte": period.first_day, f"{field}__lte": period.last_day})


def _records(model, period, scope, **filters) -> QuerySet:
    queryset = model.objects.filter(**filters).select_related("agency", "unit")
    return scope.filter(_in_period(queryset, period)).order_by("date", "id")


def _proposals(period, scope, **meeting_filters) -> QuerySet:
    proposals = Proposal.objects.filter(**{f"meeting__{k}": v for k, v in meeting_filters.items()})
    proposals = _in_period(proposals, period, field="meeting__date").select_related("meeting__agency")
    return scope.filter(proposals, field="meeting__unit").order_by("meeting__date", "seq_no", "id")


# Meetings ---------------------------------------------------------------------


@indicator("activities.meetings.integrity", label=_("廉政會報召開場次"), unit="場次", section="一(一)1", order=10)
def integrity_meetings(period, scope) -> IndicatorResult:
    return count_of(_records(Meeting, period, scope, is_integrity=True))


@indicator("activities.proposals.integrity", label=_("廉政會報討論提案"), unit="案", section="一(一)1", order=11)
def integrity_proposals(period, scope) -> IndicatorResult:
    return count_of(_proposals(period, scope, is_integrity=True))


@indicator("activities.meetings.security", label=_("安全維護會報召開場次"), unit="場次", section="二(二)1", order=10)
def security_meetings(period, scope) -> IndicatorResult:
    return count_of(_records(Meeting, period, scope, is_security=True))


@indicator("activities.proposals.security", label=_("安全維護會報討論提案"), unit="案", section="二(二)1", order=11)
def security_proposals(period, scope) -> IndicatorResult:
    return count_of(_proposals(period, scope, is_security=True))


# Outreach ---------------------------------------------------------------------


def _outreach(period, scope, topic) -> QuerySet:
    return _records(Outreach, period, scope, topic=topic)


@indicator(
    "activities.outreach.asset_declaration.sessions",
    label=_("財產申報說明會場次"),
    unit="場次",
    section="一(三)1",
    order=10,
)
def asset_declaration_sessions(period, scope) -> IndicatorResult:
    return sum_of(_outreach(period, scope, OutreachTopic.ASSET_DECLARATION), "sessions")


@indicator(
    "activities.outreach.asset_declaration.attendances",
    label=_("財產申報說明會參加人次"),
    unit="人次",
    section="一(三)1",
    order=11,
)
def asset_declaration_attendances(period, scope) -> IndicatorResult:
    return sum_of(_outreach(period, scope, OutreachTopic.ASSET_DECLARATION), "attendances")


@indicator(
    "activities.outreach.conflict_of_interest.sessions",
    label=_("利益衝突迴避法說明會場次"),
    unit="場次",
    section="一(三)2",
    order=10,
)
def conflict_of_interest_sessions(period, scope) -> IndicatorResult:
    return sum_of(_outreach(period, scope, OutreachTopic.CONFLICT_OF_INTEREST), "sessions")


@indicator(
    "activities.outreach.conflict_of_interest.attendances",
    label=_("利益衝突迴避法說明會參加人次"),
    unit="人次",
    section="一(三)2",
    order=11,
)
def conflict_of_interest_attendances(period, scope) -> IndicatorResult:
    return sum_of(_outreach(period, scope, OutreachTopic.CONFLICT_OF_INTEREST), "attendances")


@indicator("activities.outreach.confidentiality", label=_("保密宣導"), unit="案", section="二(一)1", order=10)
def confidentiality_outreach(period, scope) -> IndicatorResult:
    return count_of(_outreach(period, scope, OutreachTopic.CONFIDENTIALITY))


@indicator("activities.outreach.security", label=_("安全維護宣導"), unit="次", section="二(二)2", order=11)
def security_outreach(period, scope) -> IndicatorResult:
    return count_of(_outreach(period, scope, OutreachTopic.SECURITY))


@indicator("activities.outreach.integrity.sessions", label=_("廉政宣導場次"), unit="場次", section="一(二)2", order=20)
def integrity_outreach_sessions(period, scope) -> IndicatorResult:
    return sum_of(_outreach(period, scope, OutreachTopic.INTEGRITY), "sessions")


@indicator(
    "activities.outreach.integrity.attendances", label=_("廉政宣導參加人次"), unit="人次", section="一(二)2", order=21
)
def integrity_outreach_attendances(period, scope) -> IndicatorResult:
    return sum_of(_outreach(period, scope, OutreachTopic.INTEGRITY), "attendances")


def _topic_sums(topic: OutreachTopic, section: str, order: int) -> None:
    """Sessions and attendances of a topic counted above as records: the report's 案/次 could mean either."""
    labels = (("sessions", "場次", _("{topic}宣導場次")), ("attendances", "人次", _("{topic}宣導參加人次")))
    for measure, unit, label in labels:

        def compute(period, scope, measure=measure) -> IndicatorResult:
            return sum_of(_outreach(period, scope, topic), measure)

        compute.__name__ = f"outreach_{topic.value}_{measure}"
        indicator(
            f"activities.outreach.{topic.value}.{measure}",
            label=format_lazy(label, topic=topic.label),
            unit=unit,
            section=section,
            order=order + (measure == "attendances"),
        )(compute)


_topic_sums(OutreachTopic.CONFIDENTIALITY, "二(一)1", 20)
_topic_sums(OutreachTopic.SECURITY, "二(二)2", 20)


def _form_indicator(form: OutreachForm, order: int) -> None:
    """Sessions of every topic held in one form (說明會、講習…), for the statistical annex."""

    def compute(period, scope) -> IndicatorResult:
        return sum_of(_records(Outreach, period, scope, form=form), "sessions")

    compute.__name__ = f"outreach_{form.value}_sessions"
    indicator(
        f"activities.outreach.by_form.{form.value}.sessions",
        label=format_lazy(_("宣導場次（{form}）"), form=form.label),
        unit="場次",
        section="附表",  # all topics together: a statistical annex figure, not one of the report's sections
        order=order,
    )(compute)


for _order, _form in enumerate(OutreachForm, start=50):
    _form_indicator(_form, _order)


# Inspections and alerts -------------------------------------------------------


@indicator(
    "activities.inspections.information",
    label=_("資訊系統使用管理稽核及機密文書保管檢查"),
    unit="案",
    section="二(一)2",
    order=10,
)
def information_inspections(period, scope) -> IndicatorResult:
    kinds = [InspectionKind.INFORMATION_SYSTEM, InspectionKind.CLASSIFIED_DOCUMENTS]
    return count_of(_records(Inspection, period, scope, kind__in=kinds))


@indicator(
    "activities.inspections.confidentiality", label=_("公務機密維護檢查"), unit="案", section="二(一)2", order=11
)
def confidentiality_inspections(period, scope) -> IndicatorResult:
    return count_of(_records(Inspection, period, scope, kind=InspectionKind.CONFIDENTIALITY))


@indicator("activities.inspections.security", label=_("安全維護檢查"), unit="案", section="二(二)2", order=10)
def security_inspections(period, scope) -> IndicatorResult:
    return count_of(_records(Inspection, period, scope, kind=InspectionKind.SECURITY))


@indicator("activities.protest_alerts", label=_("陳抗情資通報及協助疏處"), unit="案", section="二(二)3", order=10)
def protest_alerts(period, scope) -> IndicatorResult:
    return count_of(_records(ProtestAlert, period, scope))

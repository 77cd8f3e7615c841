"""Section 三 of the half-year report.

Outcome rule ("as of the report date"): the complaints received in the period are classed by
their state when the report is computed (enums.OUTCOME_CLASS): 行政處理, 澄清結案 (with 列參 and
不予處理), 移請權責機關參處, and 查處中 for every case not yet closed. The four always add up to
the complaints received; a report computed later may move cases from 查處中 to an outcome.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from probity.complaints.enums import INDICTED_RESULTS, OffenceType, OutcomeClass, statuses_of
from probity.complaints.models import Complaint, DisciplinaryAction, ProsecutionOutcome, ProsecutorReferral
from probity.core.indicators import IndicatorResult, count_of, indicator


def _received(period, scope) -> QuerySet:
    complaints = scope.filter(Complaint.objects.all(), field="unit")
    return complaints.filter(received_on__gte=period.first_day, received_on__lte=period.last_day)


@indicator("complaints.received", label=_("受理檢舉貪瀆不法案件"), unit="案", section="三(一)", order=1, sensitive=True)
def received(period, scope) -> IndicatorResult:
    return count_of(_received(period, scope))


@indicator("complaints.received.named", label=_("具名檢舉"), unit="案", section="三(一)", order=2, sensitive=True)
def received_named(period, scope) -> IndicatorResult:
    return count_of(_received(period, scope).filter(is_anonymous=False))


@indicator(
    "complaints.received.anonymous",
    label=pgettext_lazy("indicator", "匿名檢舉"),
    unit="件",
    section="三(一)",
    order=3,
    sensitive=True,
)
def received_anonymous(period, scope) -> IndicatorResult:
    return count_of(_received(period, scope).filter(is_anonymous=True))


def _outcome(period, scope, outcome_class: str) -> IndicatorResult:
    return count_of(_received(period, scope).filter(status__in=statuses_of(outcome_class)))


@indicator(
    "complaints.outcome.administrative", label=_("行政處理"), unit="案", section="三(一)", order=4, sensitive=True
)
def outcome_administrative(period, scope) -> IndicatorResult:
    return _outcome(period, scope, OutcomeClass.ADMINISTRATIVE)


@indicator(
    "complaints.outcome.cleared",
    label=_("澄清結案（含列參及其他）"),
    unit="案",
    section="三(一)",
    order=5,
    sensitive=True,
)
def outcome_cleared(period, scope) -> IndicatorResult:
    return _outcome(period, scope, OutcomeClass.CLEARED)


@indicator(
    "complaints.outcome.referred", label=_("移請權責機關參處"), unit="案", section="三(一)", order=6, sensitive=True
)
def outcome_referred(period, scope) -> IndicatorResult:
    return _outcome(period, scope, OutcomeClass.REFERRED)


@indicator("complaints.outcome.open", label=_("查處中"), unit="案", section="三(一)", order=7, sensitive=True)
def outcome_open(period, scope) -> IndicatorResult:
    return _outcome(period, scope, OutcomeClass.OPEN)


def offence_breakdown(referrals: QuerySet) -> dict[str, int]:
    """How many of the referrals name each offence type, in the choices' order."""
    counts = dict.fromkeys(OffenceType.values, 0)
    for types in referrals.values_list("offence_types", flat=True):
        for value in set(types):
            if value in counts:
                counts[value] += 1
    return {str(OffenceType(value).label): n for value, n in counts.items() if n}


@indicator(
    "complaints.prosecutor_referrals",
    label=_("函送司法機關參偵"),
    unit="案",
    section="三(二)",
    order=1,
    sensitive=True,  # a case still under investigation, which is not public (刑事訴訟法 §245)
)
def prosecutor_referrals(period, scope) -> IndicatorResult:
    referrals = scope.filter(ProsecutorReferral.objects.all(), field="unit").filter(
        referred_on__gte=period.first_day, referred_on__lte=period.last_day
    )
    note = "、".join(offence_breakdown(referrals))
    return IndicatorResult(referrals.count(), referrals, note=note)


def _indicted(period, scope) -> QuerySet:
    outcomes = scope.filter(ProsecutionOutcome.objects.all(), field="referral__unit")
    return outcomes.filter(
        result__in=INDICTED_RESULTS, decided_on__gte=period.first_day, decided_on__lte=period.last_day
    )


@indicator("complaints.indicted.cases", label=_("提起公訴（含緩起訴）案數"), unit="案", section="三(三)", order=1)
def indicted_cases(period, scope) -> IndicatorResult:
    referrals = ProsecutorReferral.objects.filter(pk__in=_indicted(period, scope).values("referral_id"))
    return count_of(referrals)


@indicator("complaints.indicted.persons", label=_("提起公訴（含緩起訴）人數"), unit="人", section="三(三)", order=2)
def indicted_persons(period, scope) -> IndicatorResult:
    outcomes = _indicted(period, scope)
    persons = outcomes.values("referral_id", "person_name").distinct().count()
    return IndicatorResult(persons, outcomes)


def _disciplined(period, scope) -> QuerySet:
    actions = scope.filter(DisciplinaryAction.objects.all(), field="complaint__unit")
    return actions.filter(decided_on__gte=period.first_day, decided_on__lte=period.last_day)


@indicator(
    "complaints.disciplined.cases",
    label=_("追究行政違失議處案數"),
    unit="案",
    section="三(三)",
    order=3,
    sensitive=True,
)
def disciplined_cases(period, scope) -> IndicatorResult:
    return count_of(Complaint.objects.filter(pk__in=_disciplined(period, scope).values("complaint_id")))


@indicator(
    "complaints.disciplined.persons",
    label=_("追究行政違失議處人數"),
    unit="人",
    section="三(三)",
    order=4,
    sensitive=True,
)
def disciplined_persons(period, scope) -> IndicatorResult:
    actions = _disciplined(period, scope)
    persons = actions.values("complaint_id", "person_name").distinct().count()
    return IndicatorResult(persons, actions)

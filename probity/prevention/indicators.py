"""The prevention figures of the half-year report (section 一)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from probity.core.indicators import IndicatorResult, count_of, indicator
from probity.org.models import Agency
from probity.prevention.enums import WARNING_KINDS, ActionChannel, ActionKind, NominationStatus
from probity.prevention.models import (
    PreventiveAction,
    RepreventionReport,
    RoleModelNomination,
    SpecialAudit,
)
from probity.prevention.queries import platforms_active_in


def _within(qs, field: str, period):
    return qs.filter(**{f"{field}__gte": period.first_day, f"{field}__lte": period.last_day})


@indicator("prevention.special_audits", label=_("專案稽核"), unit="案", section="一(一)2")
def special_audits(period, scope) -> IndicatorResult:
    """Special audits whose report was completed in the period."""
    return count_of(scope.filter(_within(SpecialAudit.objects.all(), "completed_on", period)))


def _warnings(period, scope):
    qs = PreventiveAction.objects.filter(kind__in=WARNING_KINDS)
    return scope.filter(_within(qs, "raised_on", period))


@indicator("prevention.preventive_actions", label=_("預警及導正建議"), unit="案", section="一(一)3")
def preventive_actions(period, scope) -> IndicatorResult:
    """Early warnings and corrective recommendations raised in the period (reform proposals apart)."""
    return count_of(_warnings(period, scope))


def _channel_indicator(channel: ActionChannel, order: int):
    @indicator(
        f"prevention.preventive_actions.{channel.value}",
        label=format_lazy(_("預警及導正建議（{channel}）"), channel=channel.label),
        unit="案",
        section="一(一)3",
        order=order,
    )
    def by_channel(period, scope) -> IndicatorResult:
        return count_of(_warnings(period, scope).filter(channel=channel))

    return by_channel


for _order, _channel in enumerate(ActionChannel, start=1):
    _channel_indicator(_channel, _order)


@indicator("prevention.reform_proposals", label=_("興革建議"), unit="案", section="一(一)3", order=10)
def reform_proposals(period, scope) -> IndicatorResult:
    qs = PreventiveAction.objects.filter(kind=ActionKind.REFORM_PROPOSAL)
    return count_of(scope.filter(_within(qs, "raised_on", period)))


@indicator("prevention.repreventions", label=_("再防貪專案報告"), unit="案", section="一(一)4")
def repreventions(period, scope) -> IndicatorResult:
    return count_of(scope.filter(_within(RepreventionReport.objects.all(), "issued_on", period)))


@indicator("prevention.platforms", label=_("廉政平臺"), unit="案", section="一(二)1")
def platforms(period, scope) -> IndicatorResult:
    """Integrity platforms active at any time in the period (launched by its end, not closed before it)."""
    return count_of(scope.filter(platforms_active_in(period)))


def _nominations(period, scope):
    qs = RoleModelNomination.objects.filter(
        selection__announced_on__gte=period.first_day, selection__announced_on__lte=period.last_day
    )
    return scope.filter(qs)


@indicator("prevention.role_models.agencies", label=_("廉潔楷模推薦機關"), unit="機關", section="一(二)4", order=1)
def role_model_agencies(period, scope) -> IndicatorResult:
    """First-level agencies that nominated someone in a selection announced in the period."""
    agency_ids = _nominations(period, scope).values("nominating_agency")
    return count_of(Agency.objects.filter(pk__in=agency_ids))


@indicator("prevention.role_models.nominees", label=_("廉潔楷模被推薦人數"), unit="名", section="一(二)4", order=2)
def role_model_nominees(period, scope) -> IndicatorResult:
    return count_of(_nominations(period, scope))


@indicator("prevention.role_models.selected", label=_("廉潔楷模選出人數"), unit="名", section="一(二)4", order=3)
def role_models_selected(period, scope) -> IndicatorResult:
    return count_of(_nominations(period, scope).filter(status=NominationStatus.SELECTED))

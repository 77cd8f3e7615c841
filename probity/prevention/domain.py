"""The write side of prevention: every function is atomic, keyword-only, takes ``actor=`` and is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from probity.audit.domain import record
from probity.org.domain import check_central
from probity.org.models import Agency, EthicsUnit
from probity.org.queries import agencies_writable_by, unit_for_agency
from probity.prevention.enums import (
    NOMINATION_STAGE_OF,
    NOMINATION_TRANSITIONS,
    RECOMMENDATION_TRANSITIONS,
    SELECTION_TRANSITIONS,
    NominationStatus,
    RecommendationStatus,
    SelectionStage,
)
from probity.prevention.models import (
    EducationHighlight,
    IntegrityPlatform,
    PlatformMeeting,
    PlatformNotice,
    PreventiveAction,
    Recommendation,
    RepreventionReport,
    Risk,
    RiskMatrix,
    RiskReview,
    RoleModelNomination,
    RoleModelSelection,
    SpecialAudit,
)

AUDIT_FIELDS = (
    "title",
    "plan",
    "business",
    "audited_from",
    "audited_to",
    "team",
    "completed_on",
    "findings",
    "agency_reply",
)
ACTION_FIELDS = (
    "kind",
    "channel",
    "raised_on",
    "subject",
    "finding",
    "recommendation",
    "doc_no",
    "adopted",
    "money_saved",
    "rule_changed",
    "effect",
    "audit",
)
REPREVENTION_FIELDS = (
    "title",
    "issued_on",
    "case_refs",
    "referral_refs",
    "causes",
    "control_gaps",
    "measures",
    "follow_up",
)
PLATFORM_FIELDS = (
    "name",
    "project",
    "launched_on",
    "closed_on",
    "status",
    "member_bodies",
    "background",
    "progress",
    "is_public",
)
HIGHLIGHT_FIELDS = ("title", "held_on", "section", "narrative", "sort_order")
RISK_FIELDS = (
    "title",
    "process",
    "description",
    "matrix",
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "treatment",
    "measures",
    "owner",
    "assessed_on",
    "next_review_on",
    "is_closed",
    "case_refs",
)
RISK_LINKS = ("audits", "actions", "repreventions")
REPREVENTION_LINKS = ("complaints", "referrals")


# Shared pieces -------------------------------------------------------------------------


def _shown(value) -> str | None:
    if value is None:
        return None
    return str(value)


def _current(obj, name: str):
    """A field's value, or None for a relation not yet set on a new record."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _assign(obj, fields: Iterable[str], values: dict) -> dict:
    """Set the given fields on ``obj``; return what changed as {field: [old, new]} for the audit trail."""
    changed = {}
    for name in fields:
        if name not in values:
            continue
        old, new = _current(obj, name), values[name]
        if old != new:
            changed[name] = [_shown(old), _shown(new)]
            setattr(obj, name, new)
    return changed


def _check_writable(actor, agency: Agency) -> None:
    """A person may only record work about agencies in their scope (imports and tests call this too)."""
    if actor is None:
        return
    if not agencies_writable_by(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("您無權登錄此機關的資料。"))


def _owning_unit(agency: Agency, unit: EthicsUnit | None) -> EthicsUnit:
    unit = unit or unit_for_agency(agency)
    if unit is None:
        raise ValidationError({"agency": _("這個機關沒有對應的政風機構。")})
    return unit


def _set_links(obj, links: Iterable[str], values: dict) -> dict:
    """Replace the many-to-many links named in ``links`` that ``values`` carries; return them as codes."""
    linked = {}
    for name in links:
        if name in values and values[name] is not None:
            items = list(values[name])
            getattr(obj, name).set(items)
            linked[name] = [str(item.code) for item in items]
    return linked


def _create_owned(model, fields, *, actor, verb: str, agency: Agency, unit: EthicsUnit | None, values: dict, links=()):
    _check_writable(actor, agency)
    obj = model(agency=agency, unit=_owning_unit(agency, unit))
    changed = _assign(obj, fields, values)
    obj.full_clean()
    obj.save()
    data = {"agency": agency.key, "values": changed}
    if linked := _set_links(obj, links, values):
        data["links"] = linked
    record(actor=actor, verb=verb, target=obj, data=data)
    return obj


def _update_owned(obj, fields, *, actor, verb: str, values: dict, links=()):
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    _check_writable(actor, obj.agency)
    if "agency" in values and values["agency"] != obj.agency:
        _check_writable(actor, values["agency"])
        obj.agency = values["agency"]
        obj.unit = _owning_unit(obj.agency, None)
    changed = _assign(obj, fields, values)
    obj.full_clean()
    obj.save()
    data = {"changed": changed}
    if linked := _set_links(obj, links, values):
        data["links"] = linked
    record(actor=actor, verb=verb, target=obj, data=data)
    return obj


def _check_case_links(actor, report: RepreventionReport | None, values: dict) -> None:
    """A report may keep links it has, but new ones must be cases the actor may see (the form offers only those)."""
    if actor is None:
        return
    from probity.complaints.queries import complaints_visible_to, referrals_visible_to

    for name, visible_to in (("complaints", complaints_visible_to), ("referrals", referrals_visible_to)):
        if values.get(name) is None:
            continue
        kept = set(getattr(report, name).values_list("pk", flat=True)) if report is not None else set()
        added = {item.pk for item in values[name]} - kept
        if added and visible_to(actor).filter(pk__in=added).count() != len(added):
            raise ValidationError({name: _("只能連結您權限範圍內的檢舉案件與移送案件。")})


# Special audits and their recommendations ---------------------------------------------------


@transaction.atomic
def create_special_audit(*, actor, agency: Agency, unit: EthicsUnit | None = None, **values) -> SpecialAudit:
    return _create_owned(
        SpecialAudit,
        AUDIT_FIELDS,
        actor=actor,
        verb="prevention.audit.created",
        agency=agency,
        unit=unit,
        values=values,
    )


@transaction.atomic
def update_special_audit(audit: SpecialAudit, *, actor, **values) -> SpecialAudit:
    return _update_owned(audit, AUDIT_FIELDS, actor=actor, verb="prevention.audit.updated", values=values)


@transaction.atomic
def add_recommendation(audit: SpecialAudit, *, actor, text: str, reply_due: dt.date) -> Recommendation:
    _check_writable(actor, audit.agency)
    recommendation = Recommendation(audit=audit, text=text, reply_due=reply_due)
    recommendation.full_clean()
    recommendation.save()
    record(
        actor=actor,
        verb="prevention.recommendation.added",
        target=recommendation,
        data={"audit": str(audit.code), "reply_due": reply_due},
    )
    return recommendation


@transaction.atomic
def track_recommendation(
    recommendation: Recommendation, *, actor, to: str, on: dt.date, reason: str = ""
) -> Recommendation:
    """The one place a recommendation changes status, following RECOMMENDATION_TRANSITIONS."""
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",)).select_related("audit").get(pk=recommendation.pk)
    )
    _check_writable(actor, recommendation.audit.agency)
    current = recommendation.status
    if to not in RECOMMENDATION_TRANSITIONS[current]:
        raise ValidationError(
            _("建議已是「%(current)s」，不能改為「%(to)s」。")
            % {"current": RecommendationStatus(current).label, "to": RecommendationStatus(to).label}
        )
    if to == RecommendationStatus.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("未採納須說明理由。")})
    if to == RecommendationStatus.OVERDUE and on <= recommendation.reply_due:
        raise ValidationError(_("回復期限尚未屆滿，不能列為逾期。"))
    recommendation.status = to
    recommendation.reason = reason.strip() if to == RecommendationStatus.REJECTED else recommendation.reason
    if to in (RecommendationStatus.ADOPTED, RecommendationStatus.REJECTED):
        recommendation.decided_on = on
    recommendation.save()
    record(
        actor=actor,
        verb="prevention.recommendation.tracked",
        target=recommendation,
        data={"from": current, "to": to, "on": on, "reason": recommendation.reason if reason else ""},
    )
    return recommendation


def mark_overdue_recommendations(*, actor, today: dt.date) -> int:
    """Mark every pending recommendation past its reply date as overdue; returns how many."""
    due = Recommendation.objects.filter(status=RecommendationStatus.PENDING, reply_due__lt=today)
    count = 0
    for recommendation in due:
        track_recommendation(recommendation, actor=actor, to=RecommendationStatus.OVERDUE, on=today)
        count += 1
    return count


# Preventive actions, re-prevention reports, highlights -------------------------------------


@transaction.atomic
def create_preventive_action(*, actor, agency: Agency, unit: EthicsUnit | None = None, **values) -> PreventiveAction:
    return _create_owned(
        PreventiveAction,
        ACTION_FIELDS,
        actor=actor,
        verb="prevention.action.created",
        agency=agency,
        unit=unit,
        values=values,
    )


@transaction.atomic
def update_preventive_action(action: PreventiveAction, *, actor, **values) -> PreventiveAction:
    return _update_owned(action, ACTION_FIELDS, actor=actor, verb="prevention.action.updated", values=values)


@transaction.atomic
def create_reprevention_report(
    *, actor, agency: Agency, unit: EthicsUnit | None = None, **values
) -> RepreventionReport:
    _check_case_links(actor, None, values)
    return _create_owned(
        RepreventionReport,
        REPREVENTION_FIELDS,
        actor=actor,
        verb="prevention.reprevention.created",
        agency=agency,
        unit=unit,
        values=values,
        links=REPREVENTION_LINKS,
    )


@transaction.atomic
def update_reprevention_report(report: RepreventionReport, *, actor, **values) -> RepreventionReport:
    _check_case_links(actor, report, values)
    return _update_owned(
        report,
        REPREVENTION_FIELDS,
        actor=actor,
        verb="prevention.reprevention.updated",
        values=values,
        links=REPREVENTION_LINKS,
    )


@transaction.atomic
def create_highlight(*, actor, agency: Agency, unit: EthicsUnit | None = None, **values) -> EducationHighlight:
    return _create_owned(
        EducationHighlight,
        HIGHLIGHT_FIELDS,
        actor=actor,
        verb="prevention.highlight.created",
        agency=agency,
        unit=unit,
        values=values,
    )


@transaction.atomic
def update_highlight(highlight: EducationHighlight, *, actor, **values) -> EducationHighlight:
    return _update_owned(highlight, HIGHLIGHT_FIELDS, actor=actor, verb="prevention.highlight.updated", values=values)


# Integrity platforms -----------------------------------------------------------------------


@transaction.atomic
def create_platform(*, actor, agency: Agency, unit: EthicsUnit | None = None, **values) -> IntegrityPlatform:
    return _create_owned(
        IntegrityPlatform,
        PLATFORM_FIELDS,
        actor=actor,
        verb="prevention.platform.created",
        agency=agency,
        unit=unit,
        values=values,
    )


@transaction.atomic
def update_platform(platform: IntegrityPlatform, *, actor, **values) -> IntegrityPlatform:
    return _update_owned(platform, PLATFORM_FIELDS, actor=actor, verb="prevention.platform.updated", values=values)


@transaction.atomic
def add_platform_meeting(
    platform: IntegrityPlatform, *, actor, held_on: dt.date, title: str, minutes: str = "", is_public: bool = True
) -> PlatformMeeting:
    _check_writable(actor, platform.agency)
    meeting = PlatformMeeting(platform=platform, held_on=held_on, title=title, minutes=minutes, is_public=is_public)
    meeting.full_clean()
    meeting.save()
    record(
        actor=actor,
        verb="prevention.platform.meeting_added",
        target=meeting,
        data={"platform": str(platform.code), "held_on": held_on, "title": title},
    )
    return meeting


@transaction.atomic
def add_platform_notice(
    platform: IntegrityPlatform, *, actor, published_on: dt.date, title: str, body: str
) -> PlatformNotice:
    _check_writable(actor, platform.agency)
    notice = PlatformNotice(platform=platform, published_on=published_on, title=title, body=body)
    notice.full_clean()
    notice.save()
    record(
        actor=actor,
        verb="prevention.platform.notice_added",
        target=notice,
        data={"platform": str(platform.code), "published_on": published_on, "title": title},
    )
    return notice


# Role-model selection ------------------------------------------------------------------------


def nominating_agency_of(agency: Agency) -> Agency:
    """The first-level agency (directly under the city) that nominates on behalf of ``agency``."""
    if agency.depth == 0:
        raise ValidationError({"agency": _("市政府本身不能作為推薦機關，請選擇一級機關或其所屬機關。")})
    if agency.depth == 1:
        return agency
    first_level_id = int(agency.path.strip("/").split("/")[1])
    return Agency.objects.get(pk=first_level_id)


def nomination_quota(nominating_agency: Agency) -> int:
    """A first-level agency may nominate up to 2, or up to 3 when it has subordinate agencies."""
    has_subordinates = Agency.objects.filter(parent=nominating_agency, is_active=True).exists()
    return 3 if has_subordinates else 2


@transaction.atomic
def open_selection(*, actor, unit: EthicsUnit, roc_year: int, nomination_deadline: dt.date) -> RoleModelSelection:
    check_central(actor)
    selection = RoleModelSelection(unit=unit, roc_year=roc_year, nomination_deadline=nomination_deadline)
    selection.full_clean()
    selection.save()
    record(
        actor=actor,
        verb="prevention.selection.opened",
        target=selection,
        data={"year": roc_year, "deadline": nomination_deadline},
    )
    return selection


@transaction.atomic
def advance_selection(selection: RoleModelSelection, *, actor, to: str, on: dt.date) -> RoleModelSelection:
    """Move the selection to its next stage; announcing it settles every nomination not selected."""
    check_central(actor)
    selection = RoleModelSelection.objects.select_for_update().get(pk=selection.pk)
    current = selection.stage
    if to not in SELECTION_TRANSITIONS[current]:
        raise ValidationError(
            _("選拔在「%(current)s」階段，不能改為「%(to)s」。")
            % {"current": SelectionStage(current).label, "to": SelectionStage(to).label}
        )
    if to == SelectionStage.ANNOUNCED:
        if not selection.nominations.filter(status=NominationStatus.SELECTED).exists():
            raise ValidationError(_("尚未選出任何廉潔楷模，不能公布。"))
        selection.announced_on = on
    selection.stage = to
    selection.save()
    settled = 0
    if to == SelectionStage.ANNOUNCED:
        # Whoever was not selected by the final review is, by the announcement, not selected.
        settled = selection.nominations.filter(
            status__in=[NominationStatus.NOMINATED, NominationStatus.SHORTLISTED]
        ).update(status=NominationStatus.NOT_SELECTED)
    record(
        actor=actor,
        verb="prevention.selection.advanced",
        target=selection,
        data={"from": current, "to": to, "on": on, "settled_not_selected": settled},
    )
    return selection


@transaction.atomic
def nominate(
    *,
    actor,
    selection: RoleModelSelection,
    agency: Agency,
    nominee: str,
    title: str,
    deed_category: str,
    deeds: str,
    nominated_on: dt.date,
) -> RoleModelNomination:
    """Record a nomination; the nominating first-level agency's quota is enforced here."""
    _check_writable(actor, agency)
    selection = RoleModelSelection.objects.select_for_update().get(pk=selection.pk)
    if selection.stage != SelectionStage.NOMINATING:
        raise ValidationError(_("本年度選拔已截止推薦。"))
    nominating = nominating_agency_of(agency)
    quota = nomination_quota(nominating)
    already = selection.nominations.filter(nominating_agency=nominating).count()
    if already >= quota:
        raise ValidationError(
            {
                "agency": _("%(agency)s 已推薦 %(count)s 名，已達每機關 %(quota)s 名上限。")
                % {"agency": nominating.short_name or nominating.name, "count": already, "quota": quota}
            }
        )
    nomination = RoleModelNomination(
        selection=selection,
        agency=agency,
        unit=_owning_unit(agency, None),
        nominating_agency=nominating,
        nominee=nominee,
        title=title,
        deed_category=deed_category,
        deeds=deeds,
        nominated_on=nominated_on,
    )
    nomination.full_clean()
    nomination.save()
    record(
        actor=actor,
        verb="prevention.nomination.created",
        target=nomination,
        data={"selection": selection.roc_year, "agency": agency.key, "nominating_agency": nominating.key},
    )
    return nomination


@transaction.atomic
def review_nomination(nomination: RoleModelNomination, *, actor, to: str, note: str = "") -> RoleModelNomination:
    """The one place a nomination's result changes, following NOMINATION_TRANSITIONS and the stage."""
    check_central(actor)
    nomination = (
        RoleModelNomination.objects.select_for_update(of=("self",)).select_related("selection").get(pk=nomination.pk)
    )
    current = nomination.status
    if to not in NOMINATION_TRANSITIONS[current]:
        raise ValidationError(
            _("推薦案已是「%(current)s」，不能改為「%(to)s」。")
            % {"current": NominationStatus(current).label, "to": NominationStatus(to).label}
        )
    stage = nomination.selection.stage
    needed = NOMINATION_STAGE_OF.get(to)
    if needed and stage != needed:
        raise ValidationError(
            _("「%(to)s」須在「%(stage)s」階段決定。")
            % {"to": NominationStatus(to).label, "stage": SelectionStage(needed).label}
        )
    if to == NominationStatus.NOT_SELECTED and stage not in (SelectionStage.FIRST_REVIEW, SelectionStage.FINAL_REVIEW):
        raise ValidationError(_("審查結果須在初審或複審階段決定。"))
    nomination.status = to
    if note:
        nomination.review_note = note
    nomination.save()
    record(
        actor=actor,
        verb="prevention.nomination.reviewed",
        target=nomination,
        data={"from": current, "to": to, "stage": stage},
    )
    return nomination


# Risk register ------------------------------------------------------------------------------------


@transaction.atomic
def create_matrix(
    *,
    actor,
    name: str,
    likelihoods: list[str],
    impacts: list[str],
    levels: list[str],
    grid: list[list[int]],
    colors: list[str] | None = None,
    is_default: bool = False,
) -> RiskMatrix:
    check_central(actor)
    matrix = RiskMatrix(
        name=name,
        likelihoods=likelihoods,
        impacts=impacts,
        levels=levels,
        grid=grid,
        colors=colors or [],
        is_default=is_default,
    )
    matrix.full_clean()
    if is_default:
        RiskMatrix.objects.filter(is_default=True).update(is_default=False)
    matrix.save()
    record(
        actor=actor,
        verb="prevention.matrix.created",
        target=matrix,
        data={"name": name, "shape": [len(likelihoods), len(impacts)], "default": is_default},
    )
    return matrix


def _assess(risk: Risk) -> None:
    """Look the levels up in the risk's matrix (never multiplied)."""
    try:
        risk.inherent_level = risk.matrix.level_for(risk.inherent_likelihood, risk.inherent_impact)
    except ValueError:
        raise ValidationError({"inherent_likelihood": _("可能性或影響程度不在矩陣範圍內。")}) from None
    if risk.residual_likelihood is None or risk.residual_impact is None:
        risk.residual_likelihood = risk.residual_impact = risk.residual_level = None
        return
    try:
        risk.residual_level = risk.matrix.level_for(risk.residual_likelihood, risk.residual_impact)
    except ValueError:
        raise ValidationError({"residual_likelihood": _("可能性或影響程度不在矩陣範圍內。")}) from None


@transaction.atomic
def create_risk(*, actor, agency: Agency, unit: EthicsUnit | None = None, **values) -> Risk:
    _check_writable(actor, agency)
    risk = Risk(agency=agency, unit=_owning_unit(agency, unit))
    changed = _assign(risk, RISK_FIELDS, values)
    _assess(risk)
    risk.full_clean()
    risk.save()
    linked = _set_links(risk, RISK_LINKS, values)
    record(
        actor=actor,
        verb="prevention.risk.created",
        target=risk,
        data={
            "agency": agency.key,
            "values": changed,
            "inherent_level": risk.inherent_level,
            "residual_level": risk.residual_level,
            "links": linked,
        },
    )
    return risk


@transaction.atomic
def update_risk(risk: Risk, *, actor, **values) -> Risk:
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    _check_writable(actor, risk.agency)
    if "agency" in values and values["agency"] != risk.agency:
        _check_writable(actor, values["agency"])
        risk.agency = values["agency"]
        risk.unit = _owning_unit(risk.agency, None)
    changed = _assign(risk, RISK_FIELDS, values)
    _assess(risk)
    risk.full_clean()
    risk.save()
    linked = _set_links(risk, RISK_LINKS, values)
    record(
        actor=actor,
        verb="prevention.risk.updated",
        target=risk,
        data={
            "changed": changed,
            "inherent_level": risk.inherent_level,
            "residual_level": risk.residual_level,
            "links": linked,
        },
    )
    return risk


@transaction.atomic
def review_risk(
    risk: Risk,
    *,
    actor,
    reviewed_on: dt.date,
    note: str,
    next_review_on: dt.date,
    residual_likelihood: int | None = None,
    residual_impact: int | None = None,
) -> RiskReview:
    """Record a review: the residual assessment as found and the next review date."""
    risk = Risk.objects.select_for_update(of=("self",)).select_related("matrix").get(pk=risk.pk)
    _check_writable(actor, risk.agency)
    if next_review_on <= reviewed_on:
        raise ValidationError({"next_review_on": _("下次檢視日須晚於本次檢視日期。")})
    if residual_likelihood is not None and residual_impact is not None:
        risk.residual_likelihood, risk.residual_impact = residual_likelihood, residual_impact
    _assess(risk)
    risk.next_review_on = next_review_on
    risk.save()
    review = RiskReview.objects.create(
        risk=risk,
        reviewed_on=reviewed_on,
        note=note,
        residual_level=risk.residual_level,
        next_review_on=next_review_on,
    )
    record(
        actor=actor,
        verb="prevention.risk.reviewed",
        target=risk,
        data={"reviewed_on": reviewed_on, "residual_level": risk.residual_level, "next_review_on": next_review_on},
    )
    return review

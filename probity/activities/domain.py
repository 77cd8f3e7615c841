"""Write side of the activities app: every change is atomic, scoped to the actor's units and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from probity.activities.enums import INSPECTION_TRANSITIONS, CheckResult, InspectionAction, InspectionStatus
from probity.activities.models import (
    ChecklistItem,
    Inspection,
    InspectionCheck,
    InspectionFollowUp,
    Meeting,
    Outreach,
    Proposal,
    ProtestAlert,
)
from probity.audit.domain import record
from probity.org.domain import check_central
from probity.org.models import Agency, EthicsUnit
from probity.org.queries import unit_for_agency, units_writable_by

MEETING_FIELDS = ("date", "seq_no", "is_integrity", "is_security", "chair", "external_members", "notes")
PROPOSAL_FIELDS = ("seq_no", "type", "title", "resolution", "status", "responsible_unit")
OUTREACH_FIELDS = ("date", "topic", "form", "title", "sessions", "attendances", "audience", "highlight")
INSPECTION_FIELDS = ("date", "kind", "title", "scope", "findings", "recommendations", "follow_up_due")
ALERT_FIELDS = (
    "date",
    "source",
    "subject",
    "expected_on",
    "location",
    "expected_size",
    "notified_head",
    "notified_units",
    "notified_police",
    "outcome",
    "outcome_note",
)


class InvalidTransition(ValueError):  # noqa: N818  (reads as a verdict, like FileRejected)
    """The workflow table has no such step from the record's current state."""


# Shared helpers -------------------------------------------------------------


def owning_unit(agency: Agency, unit: EthicsUnit | None = None) -> EthicsUnit:
    """The unit a record belongs to: the one given, or the unit serving the agency."""
    unit = unit or unit_for_agency(agency)
    if unit is None:
        raise ValidationError({"unit": gettext("此機關沒有對應的政風機構，請指定政風機構。")})
    return unit


def check_writable(actor, unit: EthicsUnit) -> None:
    """Staff may only record work of their own units; ``actor=None`` is the system (demo, migrations)."""
    if actor is None:
        return
    if not units_writable_by(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied("unit out of the actor's scope")


def _assign(obj, fields: Iterable[str], values: dict) -> dict:
    """Set the given fields on ``obj``; return what changed as [old, new] strings for the audit trail."""
    changed = {}
    for name in fields:
        if name not in values:
            continue
        old, new = getattr(obj, name), values[name]
        if old != new:
            changed[name] = [None if old is None else str(old), None if new is None else str(new)]
            setattr(obj, name, new)
    return changed


def _place(obj, *, actor, agency: Agency | None, unit: EthicsUnit | None, changed: dict) -> None:
    """Move a record to another agency/unit (checked against the actor's scope)."""
    new_agency = agency or obj.agency
    new_unit = unit or (owning_unit(new_agency) if agency and agency.pk != obj.agency_id else obj.unit)
    check_writable(actor, new_unit)
    if new_agency.pk != obj.agency_id:
        changed["agency"] = [str(obj.agency), str(new_agency)]
        obj.agency = new_agency
    if new_unit.pk != obj.unit_id:
        changed["unit"] = [str(obj.unit), str(new_unit)]
        obj.unit = new_unit


def _new(model, *, actor, agency: Agency, unit: EthicsUnit | None, fields, values: dict):
    unit = owning_unit(agency, unit)
    check_writable(actor, unit)
    obj = model(agency=agency, unit=unit, **{name: values[name] for name in fields if name in values})
    obj.full_clean()
    obj.save()
    return obj


def _locked(model, obj):
    return model.objects.select_for_update(of=("self",)).select_related("agency", "unit").get(pk=obj.pk)


# Meetings and proposals -----------------------------------------------------


@transaction.atomic
def create_meeting(*, actor, agency: Agency, unit: EthicsUnit | None = None, proposals=(), **values) -> Meeting:
    meeting = _new(Meeting, actor=actor, agency=agency, unit=unit, fields=MEETING_FIELDS, values=values)
    for number, proposal in enumerate(proposals, start=1):
        _new_proposal(meeting, {"seq_no": number, **proposal})
    record(
        actor=actor,
        verb="activities.meeting.created",
        target=meeting,
        data={"agency": agency.key, "date": meeting.date, "kinds": meeting.kinds, "proposals": len(proposals)},
    )
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, actor, agency: Agency | None = None, unit: EthicsUnit | None = None, **values
) -> Meeting:
    meeting = _locked(Meeting, meeting)
    check_writable(actor, meeting.unit)
    changed = _assign(meeting, MEETING_FIELDS, values)
    _place(meeting, actor=actor, agency=agency, unit=unit, changed=changed)
    meeting.full_clean()
    meeting.save()
    record(actor=actor, verb="activities.meeting.updated", target=meeting, data={"changed": changed})
    return meeting


def _new_proposal(meeting: Meeting, values: dict) -> Proposal:
    proposal = Proposal(meeting=meeting, **{name: values[name] for name in PROPOSAL_FIELDS if name in values})
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def add_proposal(meeting: Meeting, *, actor, **values) -> Proposal:
    meeting = _locked(Meeting, meeting)
    check_writable(actor, meeting.unit)
    if "seq_no" not in values or values["seq_no"] is None:
        values["seq_no"] = meeting.proposals.count() + 1
    proposal = _new_proposal(meeting, values)
    record(
        actor=actor,
        verb="activities.proposal.added",
        target=proposal,
        data={"meeting": str(meeting.code), "title": proposal.title},
    )
    return proposal


@transaction.atomic
def update_proposal(proposal: Proposal, *, actor, **values) -> Proposal:
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("meeting__unit").get(pk=proposal.pk)
    check_writable(actor, proposal.meeting.unit)
    if values.get("seq_no") is None:
        values.pop("seq_no", None)  # blank keeps the number
    changed = _assign(proposal, PROPOSAL_FIELDS, values)
    proposal.full_clean()
    proposal.save()
    record(actor=actor, verb="activities.proposal.updated", target=proposal, data={"changed": changed})
    return proposal


# Outreach -------------------------------------------------------------------


@transaction.atomic
def create_outreach(*, actor, agency: Agency, unit: EthicsUnit | None = None, **values) -> Outreach:
    outreach = _new(Outreach, actor=actor, agency=agency, unit=unit, fields=OUTREACH_FIELDS, values=values)
    record(
        actor=actor,
        verb="activities.outreach.created",
        target=outreach,
        data={"agency": agency.key, "date": outreach.date, "topic": outreach.topic, "sessions": outreach.sessions},
    )
    return outreach


@transaction.atomic
def update_outreach(
    outreach: Outreach, *, actor, agency: Agency | None = None, unit: EthicsUnit | None = None, **values
) -> Outreach:
    outreach = _locked(Outreach, outreach)
    check_writable(actor, outreach.unit)
    changed = _assign(outreach, OUTREACH_FIELDS, values)
    _place(outreach, actor=actor, agency=agency, unit=unit, changed=changed)
    outreach.full_clean()
    outreach.save()
    record(actor=actor, verb="activities.outreach.updated", target=outreach, data={"changed": changed})
    return outreach


# Inspections ----------------------------------------------------------------


@transaction.atomic
def create_inspection(
    *, actor, agency: Agency, unit: EthicsUnit | None = None, closed: bool = False, **values
) -> Inspection:
    """A new inspection is followed up until closed; one without findings to follow may be closed at once."""
    inspection = _new(Inspection, actor=actor, agency=agency, unit=unit, fields=INSPECTION_FIELDS, values=values)
    if closed:
        inspection.status = InspectionStatus.CLOSED
        inspection.closed_on = inspection.date
        inspection.save(update_fields=["status", "closed_on"])
    record(
        actor=actor,
        verb="activities.inspection.created",
        target=inspection,
        data={"agency": agency.key, "date": inspection.date, "kind": inspection.kind, "status": inspection.status},
    )
    return inspection


@transaction.atomic
def update_inspection(
    inspection: Inspection, *, actor, agency: Agency | None = None, unit: EthicsUnit | None = None, **values
) -> Inspection:
    inspection = _locked(Inspection, inspection)
    check_writable(actor, inspection.unit)
    changed = _assign(inspection, INSPECTION_FIELDS, values)
    _place(inspection, actor=actor, agency=agency, unit=unit, changed=changed)
    inspection.full_clean()
    inspection.save()
    record(actor=actor, verb="activities.inspection.updated", target=inspection, data={"changed": changed})
    return inspection


def _apply_transition(inspection: Inspection, action: str, on: dt.date) -> None:
    """The one place an inspection's status changes, following INSPECTION_TRANSITIONS."""
    try:
        status = INSPECTION_TRANSITIONS[(inspection.status, action)]
    except KeyError:
        raise InvalidTransition(f"cannot {action} an inspection that is {inspection.status}") from None
    if status == InspectionStatus.CLOSED:
        _check_checklist_done(inspection)
    inspection.status = status
    inspection.closed_on = on if inspection.status == InspectionStatus.CLOSED else None
    inspection.save(update_fields=["status", "closed_on", "updated_at"])


@transaction.atomic
def record_follow_up(inspection: Inspection, *, actor, date: dt.date, note: str, close: bool = False):
    """Note how the findings are being fixed; ``close`` ends the follow-up on that date."""
    inspection = _locked(Inspection, inspection)
    check_writable(actor, inspection.unit)
    if inspection.status == InspectionStatus.CLOSED:
        raise InvalidTransition("the inspection is closed; reopen it first")
    follow_up = InspectionFollowUp(
        inspection=inspection, date=date, note=note, recorded_by=actor if actor and actor.pk else None
    )
    follow_up.full_clean()
    follow_up.save()
    if close:
        _apply_transition(inspection, InspectionAction.CLOSE, date)
    record(
        actor=actor,
        verb="activities.inspection.followed_up",
        target=inspection,
        data={"date": date, "closed": close},
    )
    return follow_up


@transaction.atomic
def transition_inspection(inspection: Inspection, action: str, *, actor, on: dt.date) -> Inspection:
    inspection = _locked(Inspection, inspection)
    check_writable(actor, inspection.unit)
    before = inspection.status
    _apply_transition(inspection, action, on)
    record(
        actor=actor,
        verb=f"activities.inspection.{action}",
        target=inspection,
        data={"from": before, "to": inspection.status, "on": on},
    )
    return inspection


# Inspection checklists ---------------------------------------------------------


@dataclass(frozen=True)
class CheckAnswer:
    """What an officer records for one checklist question."""

    result: str = ""
    note: str = ""
    corrected_on: dt.date | None = None


CHECKLIST_ITEM_FIELDS = ("kind", "seq_no", "text", "basis", "active")


@transaction.atomic
def create_checklist_item(*, actor, **values) -> ChecklistItem:
    check_central(actor)
    item = ChecklistItem(**{name: values[name] for name in CHECKLIST_ITEM_FIELDS if name in values})
    item.full_clean()
    item.save()
    record(
        actor=actor,
        verb="activities.checklist_item.created",
        target=item,
        data={"kind": item.kind, "seq_no": item.seq_no, "text": item.text},
    )
    return item


@transaction.atomic
def update_checklist_item(item: ChecklistItem, *, actor, **values) -> ChecklistItem:
    """Change or retire a question; inspections that already asked it keep the wording they asked."""
    check_central(actor)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    changed = _assign(item, CHECKLIST_ITEM_FIELDS, values)
    item.full_clean()
    item.save()
    record(actor=actor, verb="activities.checklist_item.updated", target=item, data={"changed": changed})
    return item


def _check_checklist_done(inspection: Inspection) -> None:
    """An inspection with a checklist closes only once every question is answered and every deficiency put right."""
    checks = list(inspection.checks.all())
    unanswered = sum(not check.result for check in checks)
    uncorrected = sum(check.is_open_deficiency for check in checks)
    problems = []
    if unanswered:
        problems.append(
            ngettext("查核表尚有 %(count)d 項未填查核結果。", "查核表尚有 %(count)d 項未填查核結果。", unanswered)
            % {"count": unanswered}
        )
    if uncorrected:
        problems.append(
            ngettext(
                "尚有 %(count)d 項缺失未記錄改善完成日期。", "尚有 %(count)d 項缺失未記錄改善完成日期。", uncorrected
            )
            % {"count": uncorrected}
        )
    if problems:
        raise ValidationError(problems)


def _writable_open(inspection: Inspection, actor) -> Inspection:
    inspection = _locked(Inspection, inspection)
    check_writable(actor, inspection.unit)
    if inspection.status == InspectionStatus.CLOSED:
        raise InvalidTransition("the inspection is closed; reopen it first")
    return inspection


@transaction.atomic
def start_checklist(inspection: Inspection, *, actor) -> list[InspectionCheck]:
    """Copy the active questions of the inspection's kind into it, to be answered one by one."""
    inspection = _writable_open(inspection, actor)
    if inspection.checks.exists():
        raise ValidationError(gettext("此檢查已帶入查核表。"))
    items = list(ChecklistItem.objects.filter(kind=inspection.kind, active=True).order_by("seq_no", "id"))
    if not items:
        raise ValidationError(
            gettext("「%(kind)s」尚無使用中的查核項目，請洽政風處設定。") % {"kind": inspection.get_kind_display()}
        )
    checks = InspectionCheck.objects.bulk_create(
        InspectionCheck(inspection=inspection, item=item, seq_no=number, text=item.text)
        for number, item in enumerate(items, start=1)
    )
    record(
        actor=actor,
        verb="activities.inspection.checklist_started",
        target=inspection,
        data={"questions": len(checks)},
    )
    return checks


def _answer_errors(inspection: Inspection, check: InspectionCheck, answer: CheckAnswer) -> list[str]:
    """What is wrong with one answer, each message naming the question by its number."""
    errors = []
    label = {"number": check.seq_no}
    if answer.result not in ("", *CheckResult.values):
        errors.append(gettext("第 %(number)d 項：查核結果不正確。") % label)
    if answer.result == CheckResult.DEFICIENT and not answer.note.strip():
        errors.append(gettext("第 %(number)d 項：不符合時請說明缺失情形。") % label)
    if answer.corrected_on and answer.result != CheckResult.DEFICIENT:
        errors.append(gettext("第 %(number)d 項：只有不符合的項目才記錄改善完成日期。") % label)
    if answer.corrected_on and answer.corrected_on < inspection.date:
        errors.append(gettext("第 %(number)d 項：改善完成日期不能早於檢查日期。") % label)
    if answer.corrected_on and answer.corrected_on > timezone.localdate():
        errors.append(gettext("第 %(number)d 項：改善完成日期不能晚於今天。") % label)
    return errors


@transaction.atomic
def record_checks(inspection: Inspection, *, actor, answers: Mapping[int, CheckAnswer]) -> int:
    """Record the answers, keyed by question number; every answer is checked before any is written.

    Returns how many questions changed."""
    inspection = _writable_open(inspection, actor)
    checks = {check.seq_no: check for check in inspection.checks.select_for_update()}
    errors = [gettext("查核表沒有第 %(number)d 項。") % {"number": n} for n in sorted(set(answers) - set(checks))]
    for number, answer in sorted(answers.items()):
        if number in checks:
            errors.extend(_answer_errors(inspection, checks[number], answer))
    if errors:
        raise ValidationError(errors)
    changed = {}
    now = timezone.now()
    for number, answer in answers.items():
        check = checks[number]
        before = (check.result, check.note, check.corrected_on)
        after = (answer.result, answer.note.strip(), answer.corrected_on)
        if before != after:
            check.result, check.note, check.corrected_on = after
            check.updated_at = now  # bulk_update leaves auto_now alone
            changed[number] = check
    InspectionCheck.objects.bulk_update(changed.values(), ["result", "note", "corrected_on", "updated_at"])
    if changed:
        record(
            actor=actor,
            verb="activities.inspection.checked",
            target=inspection,
            data={str(n): [check.result, check.corrected_on] for n, check in sorted(changed.items())},
        )
    return len(changed)


# Protest alerts -------------------------------------------------------------


@transaction.atomic
def create_protest_alert(*, actor, agency: Agency, unit: EthicsUnit | None = None, **values) -> ProtestAlert:
    alert = _new(ProtestAlert, actor=actor, agency=agency, unit=unit, fields=ALERT_FIELDS, values=values)
    record(
        actor=actor,
        verb="activities.protest_alert.created",
        target=alert,
        data={"agency": agency.key, "date": alert.date, "outcome": alert.outcome},
    )
    return alert


@transaction.atomic
def update_protest_alert(
    alert: ProtestAlert, *, actor, agency: Agency | None = None, unit: EthicsUnit | None = None, **values
) -> ProtestAlert:
    alert = _locked(ProtestAlert, alert)
    check_writable(actor, alert.unit)
    changed = _assign(alert, ALERT_FIELDS, values)
    _place(alert, actor=actor, agency=agency, unit=unit, changed=changed)
    alert.full_clean()
    alert.save()
    record(actor=actor, verb="activities.protest_alert.updated", target=alert, data={"changed": changed})
    return alert


# Bulk loading ---------------------------------------------------------------


@transaction.atomic
def bulk_record(model, objects: list, *, actor, label: str) -> int:
    """Insert many new records of one model at once, audited as one event (demo data, large back-fills).

    The objects must already carry their unit and agency; each is validated as a single create would be.
    Meetings' proposals and inspections' follow-ups are inserted after their parents by the caller
    through :func:`bulk_record` too.
    """
    if not objects:
        return 0
    checked_units: set[int] = set()
    relations = [f.name for f in model._meta.fields if f.is_relation]
    for obj in objects:
        unit_id = getattr(obj, "unit_id", None)
        if unit_id is not None and unit_id not in checked_units:
            check_writable(actor, obj.unit)
            checked_units.add(unit_id)
        # Relations point at rows just read and the database enforces the constraints: skip their queries.
        obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    model.objects.bulk_create(objects, batch_size=500)
    record(
        actor=actor,
        verb=f"activities.{model._meta.model_name}.bulk_recorded",
        target=None,
        data={"count": len(objects), "label": label},
    )
    return len(objects)

"""Write side of the activities app: every change is atomic, scoped to the actor's units and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from probity.activities.enums import INSPECTION_TRANSITIONS, InspectionAction, InspectionStatus
from probity.activities.models import Inspection, InspectionFollowUp, Meeting, Outreach, Proposal, ProtestAlert
from probity.audit.domain import record
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
        inspection.status = INSPECTION_TRANSITIONS[(inspection.status, action)]
    except KeyError:
        raise InvalidTransition(f"cannot {action} an inspection that is {inspection.status}") from None
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

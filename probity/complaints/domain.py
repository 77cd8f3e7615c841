"""The write side of complaints: verb-first, keyword-only, atomic, audited.

Audit data never holds the complainant's identity nor the narrative (which may name them).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.audit.domain import record
from probity.complaints import deadlines, receipts, vault
from probity.complaints.enums import (
    CHECK_INTERVAL_DAYS,
    CLOSED,
    REQUIRED_FIELDS,
    TRANSITIONS,
    WATCH_AFTER_CLOSURE_DAYS,
    Action,
    Category,
    Channel,
    EventKind,
    MessageKind,
    OffenceType,
    Origin,
    ProtectionResult,
    RetaliationRisk,
    RiskFactor,
    StatementConfirmation,
    Status,
)
from probity.complaints.models import (
    Assignment,
    Attachment,
    CaseCounter,
    Complaint,
    DisciplinaryAction,
    Event,
    Exclusion,
    Message,
    ProsecutionOutcome,
    ProsecutorReferral,
    ProtectionCheck,
    ProtectionWatch,
    SealedIdentity,
    Statement,
    Subject,
)
from probity.complaints.uploads import CheckedFile
from probity.core import roc
from probity.core.language import language_of_record
from probity.core.text import clauses
from probity.org.models import EthicsUnit
from probity.org.queries import unit_for_agency


class TransitionNotAllowed(ValidationError):  # noqa: N818  (reads as a verdict)
    pass


@dataclass(frozen=True)
class SubjectData:
    name: str
    title: str = ""
    agency: object = None
    officer: object = None


@dataclass
class HistoricalCase:
    """A case already handled outside the system, written in its final state (demo data and imports)."""

    unit: EthicsUnit
    agency: object
    channel: str
    received_on: dt.date
    is_anonymous: bool
    categories: list[str]
    summary: str
    narrative: str = ""
    status: str = Status.RECEIVED
    closed_on: dt.date | None = None
    referred_to: str = ""
    referral_doc_no: str = ""
    referred_on: dt.date | None = None
    acknowledged_on: dt.date | None = None
    outcome_notified_on: dt.date | None = None
    legacy_number: str = ""
    subjects: list[SubjectData] = field(default_factory=list)
    identity: vault.Identity | None = None


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return roc.local_date(_now())


def noon_of(day: dt.date) -> dt.datetime:
    """A date of a historical record as an instant (noon in Taipei) for the timeline."""
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=roc.TAIPEI)


def _event(complaint: Complaint, kind: str, *, actor, detail="", from_status="", to_status="", at=None) -> Event:
    """A timeline entry; ``detail`` may be a lazy label, kept in the language of record."""
    with language_of_record():
        detail = str(detail)
    return Event.objects.create(
        complaint=complaint,
        kind=kind,
        occurred_at=at or _now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
    )


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


# Numbering -------------------------------------------------------------------


def _allocate_numbers(unit: EthicsUnit, roc_year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers of a unit's year; return the first.

    The counter row is created if missing (ignoring a concurrent creation) and then locked, so
    concurrent intakes of one unit and year queue on that row: no duplicates, no gaps.
    """
    CaseCounter.objects.bulk_create([CaseCounter(unit=unit, roc_year=roc_year)], ignore_conflicts=True)
    counter = CaseCounter.objects.select_for_update().get(unit=unit, roc_year=roc_year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return first


# Intake ------------------------------------------------------------------------


def _clean_categories(categories: Iterable[str]) -> list[str]:
    cleaned = [str(c) for c in categories]
    unknown = [c for c in cleaned if c not in Category.values]
    if unknown or not cleaned:
        raise ValidationError(_("請選擇至少一個有效的檢舉類別。"))
    return sorted(set(cleaned), key=Category.values.index)


def _seal_identity(complaint: Complaint, identity: vault.Identity | None) -> bool:
    if identity is None or identity.is_empty:
        return False
    SealedIdentity.objects.update_or_create(complaint=complaint, defaults={"ciphertext": vault.seal(identity)})
    return True


def _store_attachments(complaint: Complaint, files: Sequence[CheckedFile], *, actor, from_complainant: bool) -> int:
    for checked in files:
        attachment = Attachment(
            complaint=complaint,
            content_type=checked.kind.content_type,
            extension=checked.kind.extension,
            size=len(checked.data),
            sha256=checked.sha256,
            from_complainant=from_complainant,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        # A random name: never the uploaded file's name, which may carry the complainant's.
        attachment.file.save(f"{secrets.token_hex(16)}.{checked.kind.extension}", ContentFile(checked.data), save=False)
        attachment.save()
    return len(files)


@transaction.atomic
def receive_complaint(
    *,
    actor,
    agency,
    channel: str,
    received_on: dt.date,
    is_anonymous: bool,
    categories: Iterable[str],
    summary: str,
    narrative: str = "",
    unit: EthicsUnit | None = None,
    subjects: Sequence[SubjectData] = (),
    identity: vault.Identity | None = None,
    attachments: Sequence[CheckedFile] = (),
    origin: str = Origin.STAFF,
    legacy_number: str = "",
) -> Complaint:
    """Register a complaint, give it the next number of its unit and year, seal the identity apart."""
    if channel not in Channel.values:
        raise ValidationError(_("來源管道不正確。"))
    unit = unit or unit_for_agency(agency) or EthicsUnit.objects.filter(parent=None).order_by("id").first()
    roc_year = roc.to_roc_year(received_on.year)
    complaint = Complaint(
        unit=unit,
        agency=agency,
        roc_year=roc_year,
        sequence=_allocate_numbers(unit, roc_year),
        legacy_number=legacy_number,
        origin=origin,
        channel=channel,
        received_on=received_on,
        is_anonymous=is_anonymous,
        categories=_clean_categories(categories),
        summary=summary,
        narrative=narrative,
        ack_due_on=deadlines.ack_due(received_on),
        outcome_due_on=deadlines.outcome_due(received_on),
    )
    complaint.full_clean(exclude=["receipt_index", "receipt_hash"])
    complaint.save()
    for subject in subjects:
        Subject.objects.create(
            complaint=complaint, name=subject.name, title=subject.title, agency=subject.agency, officer=subject.officer
        )
    sealed = _seal_identity(complaint, identity)
    stored = _store_attachments(complaint, attachments, actor=actor, from_complainant=origin == Origin.PORTAL)
    _event(complaint, EventKind.RECEIVED, actor=actor, detail=Channel(channel).label, to_status=Status.RECEIVED)
    record(
        actor=actor,
        verb="complaints.complaint.received",
        target=complaint,
        data={
            "number": complaint.number,
            "unit": str(unit.code),
            "origin": origin,
            "channel": channel,
            "anonymous": is_anonymous,
            "identity_sealed": sealed,
            "subjects": len(subjects),
            "attachments": stored,
        },
    )
    return complaint


@transaction.atomic
def submit_portal_complaint(
    *,
    actor=None,
    agency,
    categories: Iterable[str],
    summary: str,
    narrative: str,
    subject_name: str = "",
    subject_title: str = "",
    identity: vault.Identity | None = None,
    attachments: Sequence[CheckedFile] = (),
) -> tuple[Complaint, str]:
    """A complaint from the public portal; returns it and its receipt code, which is stored only hashed."""
    identity = identity if identity is not None and not identity.is_empty else None
    subjects = [SubjectData(name=subject_name, title=subject_title, agency=agency)] if subject_name else []
    complaint = receive_complaint(
        actor=actor,
        agency=agency,
        channel=Channel.PORTAL,
        received_on=_today(),
        is_anonymous=identity is None,
        categories=categories,
        summary=summary,
        narrative=narrative,
        subjects=subjects,
        identity=identity,
        attachments=attachments,
        origin=Origin.PORTAL,
    )
    code = receipts.new_code()
    complaint.receipt_index = receipts.index_of(code)
    complaint.receipt_hash = receipts.slow_hash(code)
    complaint.save(update_fields=["receipt_index", "receipt_hash"])
    return complaint, code


def find_by_receipt(code: str) -> Complaint | None:
    """The portal complaint whose receipt code this is, or None; reads only the rows sharing the prefix."""
    code = receipts.normalise(code)
    if len(code) != receipts.CODE_DIGITS:
        return None
    for candidate in Complaint.objects.filter(receipt_index=receipts.index_of(code)).exclude(receipt_hash=""):
        if receipts.verify(code, candidate.receipt_hash):
            return candidate
    return None


# Workflow ----------------------------------------------------------------------


_FIELD_LABELS = {
    "reason": gettext_lazy("理由"),
    "referred_to": gettext_lazy("移請機關"),
    "referral_doc_no": gettext_lazy("移請文號"),
    "referred_on": gettext_lazy("移請日期"),
}


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]


@transaction.atomic
def apply_transition(
    complaint: Complaint,
    *,
    actor,
    action: str,
    on: dt.date | None = None,
    reason: str = "",
    outcome_summary: str = "",
    referred_to: str = "",
    referral_doc_no: str = "",
    referred_on: dt.date | None = None,
) -> Complaint:
    """Move a case along the one transition table; the only place a status changes."""
    complaint = _lock(complaint)
    if action not in TRANSITIONS:
        raise TransitionNotAllowed(_("沒有這個處理動作。"))
    sources, target = TRANSITIONS[action]
    if complaint.status not in sources:
        raise TransitionNotAllowed(
            _("案件目前為「%(status)s」，不能「%(action)s」。")
            % {"status": complaint.get_status_display(), "action": Action(action).label}
        )
    given = {
        "reason": reason,
        "referred_to": referred_to,
        "referral_doc_no": referral_doc_no,
        "referred_on": referred_on,
    }
    missing = [str(_FIELD_LABELS[name]) for name in REQUIRED_FIELDS.get(action, ()) if not given[name]]
    if missing:
        raise ValidationError(
            _("「%(action)s」須填寫：%(fields)s。") % {"action": Action(action).label, "fields": "、".join(missing)}
        )
    day = on or _today()
    previous = complaint.status
    complaint.status = target
    if target in (Status.ADMINISTRATIVE, Status.CLEARED, Status.REFERRED, Status.FILED, Status.NOT_HANDLED):
        complaint.closed_on = day
        complaint.outcome_summary = outcome_summary or complaint.outcome_summary
    else:
        complaint.closed_on = None
    if action == Action.REFER:
        complaint.referred_to, complaint.referral_doc_no, complaint.referred_on = (
            referred_to,
            referral_doc_no,
            referred_on,
        )
    if action == Action.REOPEN:
        complaint.referred_to, complaint.referral_doc_no, complaint.referred_on = "", "", None
        complaint.outcome_notified_on = None
    complaint.save()
    detail = clauses(
        reason,
        outcome_summary,
        f"{referred_to} {referral_doc_no} {roc.format_slash(referred_on)}" if action == Action.REFER else "",
        separator="；",
    )
    _event(complaint, EventKind.TRANSITION, actor=actor, from_status=previous, to_status=target, detail=detail)
    record(
        actor=actor,
        verb=f"complaints.complaint.{action}",
        target=complaint,
        data={"from": previous, "to": target, "on": day, "reason": reason},
    )
    return complaint


# Handlers, exclusions and the sealed identity -----------------------------------------


def is_handler(user, complaint: Complaint) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and Assignment.objects.filter(complaint=complaint, handler=user, is_active=True).exists()
    )


def _check_handler(complaint: Complaint, actor) -> None:
    """Only the case's current handlers may go on."""
    if not is_handler(actor, complaint):
        raise PermissionDenied


def _check_may_handle(complaint: Complaint, user) -> None:
    from probity.complaints.queries import complaints_visible_to

    if not user.can_write or not complaints_visible_to(user).filter(pk=complaint.pk).exists():
        raise ValidationError(_("此人員不能承辦本案（不在權限範圍、為被檢舉人或已迴避）。"))


@transaction.atomic
def assign_handler(complaint: Complaint, *, actor, handler) -> Assignment:
    complaint = _lock(complaint)
    _check_may_handle(complaint, handler)
    assignment, created = Assignment.objects.get_or_create(complaint=complaint, handler=handler, is_active=True)
    if created:
        _event(complaint, EventKind.ASSIGNED, actor=actor, detail=str(handler))
        record(actor=actor, verb="complaints.handler.assigned", target=complaint, data={"handler": handler.username})
    return assignment


@transaction.atomic
def unassign_handler(complaint: Complaint, *, actor, handler) -> None:
    complaint = _lock(complaint)
    changed = Assignment.objects.filter(complaint=complaint, handler=handler, is_active=True).update(is_active=False)
    if changed:
        _event(complaint, EventKind.UNASSIGNED, actor=actor, detail=str(handler))
        record(actor=actor, verb="complaints.handler.unassigned", target=complaint, data={"handler": handler.username})


@transaction.atomic
def exclude_user(complaint: Complaint, *, actor, user, reason: str) -> Exclusion:
    """Keep a conflicted user away from the case; a handler so excluded stops handling it."""
    complaint = _lock(complaint)
    if not reason.strip():
        raise ValidationError(_("請說明迴避原因。"))
    exclusion, _created = Exclusion.objects.get_or_create(complaint=complaint, user=user, defaults={"reason": reason})
    Assignment.objects.filter(complaint=complaint, handler=user, is_active=True).update(is_active=False)
    _event(complaint, EventKind.EXCLUDED, actor=actor, detail=f"{user}：{reason}")
    record(
        actor=actor, verb="complaints.user.excluded", target=complaint, data={"user": user.username, "reason": reason}
    )
    return exclusion


@transaction.atomic
def seal_identity(complaint: Complaint, *, actor, identity: vault.Identity) -> None:
    """Record (or replace) the identity of a complainant who gave it after intake."""
    complaint = _lock(complaint)
    _check_handler(complaint, actor)
    if _seal_identity(complaint, identity):
        _event(complaint, EventKind.IDENTITY_SEALED, actor=actor)
        record(actor=actor, verb="complaints.identity.sealed", target=complaint, data={})


@transaction.atomic
def reveal_identity(complaint: Complaint, *, actor, reason: str) -> vault.Identity | None:
    """Open the sealed identity for one of the case's current handlers, with a reason, audited."""
    _check_handler(complaint, actor)
    if not reason.strip():
        raise ValidationError(_("請說明檢視檢舉人身分的理由。"))
    sealed = SealedIdentity.objects.filter(complaint=complaint).first()
    _event(complaint, EventKind.IDENTITY_REVEALED, actor=actor, detail=reason)
    record(
        actor=actor,
        verb="complaints.identity.revealed",
        target=complaint,
        data={"reason": reason, "sealed": sealed is not None},
    )
    return vault.open_sealed(sealed.ciphertext) if sealed else None


def _reseal_all(model, batch_size: int) -> int:
    count = 0
    for sealed in model.objects.select_for_update().order_by("pk").iterator(chunk_size=batch_size):
        sealed.ciphertext = vault.reseal(sealed.ciphertext)
        sealed.save(update_fields=["ciphertext", "updated_at"])
        count += 1
    return count


@transaction.atomic
def rotate_identity_keys(*, actor, batch_size: int = 500) -> tuple[int, int]:
    """Re-seal every identity and statement with the newest key; afterwards the old keys may be dropped.

    Returns how many identities and how many statements were resealed."""
    identities = _reseal_all(SealedIdentity, batch_size)
    statements = _reseal_all(Statement, batch_size)
    record(
        actor=actor,
        verb="complaints.identity.keys_rotated",
        data={"resealed": identities, "statements": statements},
    )
    return identities, statements


# Statements (筆錄) of oral complaints ------------------------------------------------
# Their text is sealed and never reaches the audit trail, the timeline, an export or the case file (獎勵保護檢舉貪污
# 瀆職辦法 Art 10); only the case's current handlers take, read, correct and confirm them, each read with a reason.


def _statement_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("請輸入筆錄內容。")})
    return text


@transaction.atomic
def take_statement(complaint: Complaint, *, actor, taken_on: dt.date, place: str, text: str) -> Statement:
    """Record the statement of a complainant who reported orally, to be confirmed by them before signing."""
    complaint = _lock(complaint)
    _check_handler(complaint, actor)
    if complaint.status in CLOSED:
        raise ValidationError(_("本案已結案，不能製作筆錄。"))
    if taken_on < complaint.received_on or taken_on > timezone.localdate():
        raise ValidationError({"taken_on": _("製作日期應在收件日期與今天之間。")})
    statement = Statement(
        complaint=complaint,
        taken_on=taken_on,
        place=place.strip(),
        recorded_by=actor,
        ciphertext=vault.seal_text(_statement_text(text)),
    )
    statement.full_clean()
    statement.save()
    _event(complaint, EventKind.STATEMENT_TAKEN, actor=actor, detail=roc.format_slash(taken_on))
    record(actor=actor, verb="complaints.statement.taken", target=complaint, data={"statement": str(statement.code)})
    return statement


@transaction.atomic
def read_statement(statement: Statement, *, actor, reason: str) -> str:
    """Open a statement, as it now reads, for one of the case's current handlers, with a reason, audited."""
    statement = Statement.objects.select_related("complaint").get(pk=statement.pk)
    _check_handler(statement.complaint, actor)
    if not reason.strip():
        raise ValidationError({"reason": _("請說明閱覽筆錄的理由。")})
    _event(statement.complaint, EventKind.STATEMENT_READ, actor=actor, detail=reason)
    record(
        actor=actor,
        verb="complaints.statement.read",
        target=statement.complaint,
        data={"statement": str(statement.code), "reason": reason},
    )
    return vault.open_text(statement.ciphertext)


def _unconfirmed(statement: Statement, actor) -> Statement:
    statement = Statement.objects.select_for_update().select_related("complaint").get(pk=statement.pk)
    _check_handler(statement.complaint, actor)
    if statement.is_confirmed:
        raise ValidationError(_("檢舉人已確認此筆錄，不能再更動；如需補充，請另作筆錄。"))
    return statement


@transaction.atomic
def revise_statement(statement: Statement, *, actor, text: str) -> Statement:
    """Correct a statement as the complainant asks, before they confirm it."""
    statement = _unconfirmed(statement, actor)
    statement.ciphertext = vault.seal_text(_statement_text(text))
    statement.save(update_fields=["ciphertext", "updated_at"])
    _event(statement.complaint, EventKind.STATEMENT_REVISED, actor=actor, detail=roc.format_slash(statement.taken_on))
    record(
        actor=actor,
        verb="complaints.statement.revised",
        target=statement.complaint,
        data={"statement": str(statement.code)},
    )
    return statement


@transaction.atomic
def confirm_statement(statement: Statement, *, actor, confirmed_on: dt.date, confirmation: str) -> Statement:
    """The complainant read it (or heard it read), found it right and signed: from now on it is fixed."""
    statement = _unconfirmed(statement, actor)
    if confirmation not in StatementConfirmation.values:
        raise ValidationError({"confirmation": _("請選擇確認方式。")})
    if confirmed_on < statement.taken_on or confirmed_on > timezone.localdate():
        raise ValidationError({"confirmed_on": _("確認日期應在製作日期與今天之間。")})
    statement.confirmed_on, statement.confirmation = confirmed_on, confirmation
    statement.save(update_fields=["confirmed_on", "confirmation", "updated_at"])
    _event(
        statement.complaint,
        EventKind.STATEMENT_CONFIRMED,
        actor=actor,
        detail=StatementConfirmation(confirmation).label,
    )
    record(
        actor=actor,
        verb="complaints.statement.confirmed",
        target=statement.complaint,
        data={"statement": str(statement.code), "on": confirmed_on, "how": confirmation},
    )
    return statement


# Messages, evidence and notices ---------------------------------------------------


@transaction.atomic
def post_message(complaint: Complaint, *, actor, body: str, kind: str) -> Message:
    """A reply to the complainant, an internal note, or (actor None, from the portal) the complainant's message."""
    complaint = _lock(complaint)
    body = body.strip()
    if not body:
        raise ValidationError(_("請輸入內容。"))
    if kind not in MessageKind.values:
        raise ValidationError(_("訊息類別不正確。"))
    author = actor if actor is not None and actor.is_authenticated else None
    message = Message.objects.create(complaint=complaint, kind=kind, body=body, author=author)
    _event(complaint, EventKind.MESSAGE, actor=actor, detail=MessageKind(kind).label)
    record(actor=actor, verb=f"complaints.message.{kind}", target=complaint, data={"length": len(body)})
    return message


@transaction.atomic
def retract_note(message: Message, *, actor, reason: str) -> Message:
    """Withdraw an internal note its author wrote by mistake; it stays on the case, marked with the reason.

    A reply already sent to the complainant, or the complainant's own message, cannot be withdrawn."""
    message = Message.objects.select_for_update().select_related("complaint").get(pk=message.pk)
    if message.kind != MessageKind.NOTE:
        raise ValidationError(_("只有內部註記可以撤回；與檢舉人往來的訊息不能撤回。"))
    if actor is None or message.author_id != actor.pk:
        raise PermissionDenied
    if message.is_retracted:
        raise ValidationError(_("此註記已撤回。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("請說明撤回理由。"))
    message.retracted_at, message.retraction_reason = _now(), reason
    message.save(update_fields=["retracted_at", "retraction_reason", "updated_at"])
    _event(message.complaint, EventKind.NOTE_RETRACTED, actor=actor, detail=reason)
    record(
        actor=actor,
        verb="complaints.message.retracted",
        target=message.complaint,
        data={"message": str(message.code), "reason": reason},
    )
    return message


@transaction.atomic
def add_evidence(complaint: Complaint, *, actor, files: Sequence[CheckedFile], from_complainant: bool) -> int:
    complaint = _lock(complaint)
    stored = _store_attachments(complaint, files, actor=actor, from_complainant=from_complainant)
    if stored:
        with language_of_record():
            detail = _("新增 %(n)s 個附件") % {"n": stored}
        _event(complaint, EventKind.ATTACHMENT, actor=actor, detail=detail)
        record(
            actor=actor,
            verb="complaints.attachment.added",
            target=complaint,
            data={"count": stored, "from_complainant": from_complainant},
        )
    return stored


@transaction.atomic
def record_acknowledgement(complaint: Complaint, *, actor, on: dt.date) -> Complaint:
    complaint = _lock(complaint)
    complaint.acknowledged_on = on
    complaint.save(update_fields=["acknowledged_on", "updated_at"])
    _event(complaint, EventKind.ACKNOWLEDGED, actor=actor, detail=roc.format_slash(on))
    record(actor=actor, verb="complaints.complaint.acknowledged", target=complaint, data={"on": on})
    return complaint


@transaction.atomic
def record_outcome_notice(complaint: Complaint, *, actor, on: dt.date) -> Complaint:
    complaint = _lock(complaint)
    complaint.outcome_notified_on = on
    complaint.save(update_fields=["outcome_notified_on", "updated_at"])
    _event(complaint, EventKind.OUTCOME_NOTIFIED, actor=actor, detail=roc.format_slash(on))
    record(actor=actor, verb="complaints.complaint.outcome_notified", target=complaint, data={"on": on})
    return complaint


# Referrals, prosecutions and discipline -------------------------------------------


@transaction.atomic
def refer_to_prosecutors(
    *,
    actor,
    unit: EthicsUnit,
    agency,
    office: str,
    referred_on: dt.date,
    doc_no: str,
    offence_types: Iterable[str],
    summary: str,
    complaint: Complaint | None = None,
) -> ProsecutorReferral:
    offence_types = [str(o) for o in offence_types]
    if not offence_types or any(o not in OffenceType.values for o in offence_types):
        raise ValidationError(_("請選擇至少一個涉犯法條類別。"))
    referral = ProsecutorReferral(
        unit=unit,
        agency=agency,
        complaint=complaint,
        office=office,
        referred_on=referred_on,
        doc_no=doc_no,
        offence_types=offence_types,
        summary=summary,
    )
    referral.full_clean()
    referral.save()
    if complaint is not None:
        _event(complaint, EventKind.PROSECUTOR_REFERRAL, actor=actor, detail=f"{office} {doc_no}")
    record(
        actor=actor,
        verb="complaints.prosecutor_referral.created",
        target=referral,
        data={"doc_no": doc_no, "office": office, "offences": offence_types},
    )
    return referral


@transaction.atomic
def record_prosecution_outcome(
    referral: ProsecutorReferral,
    *,
    actor,
    person_name: str,
    result: str,
    decided_on: dt.date,
    person_title: str = "",
    reference: str = "",
) -> ProsecutionOutcome:
    referral = ProsecutorReferral.objects.select_for_update().get(pk=referral.pk)
    outcome = ProsecutionOutcome(
        referral=referral,
        person_name=person_name,
        person_title=person_title,
        result=result,
        decided_on=decided_on,
        reference=reference,
    )
    outcome.full_clean()
    outcome.save()
    record(
        actor=actor,
        verb="complaints.prosecution_outcome.recorded",
        target=referral,
        data={"result": result, "decided_on": decided_on},
    )
    return outcome


@transaction.atomic
def record_disciplinary_action(
    complaint: Complaint,
    *,
    actor,
    person_name: str,
    kind: str,
    authority: str,
    decided_on: dt.date,
    person_title: str = "",
    doc_no: str = "",
) -> DisciplinaryAction:
    complaint = _lock(complaint)
    action = DisciplinaryAction(
        complaint=complaint,
        person_name=person_name,
        person_title=person_title,
        kind=kind,
        authority=authority,
        decided_on=decided_on,
        doc_no=doc_no,
    )
    action.full_clean()
    action.save()
    with language_of_record():
        detail = f"{person_name} {action.get_kind_display()}"
    _event(complaint, EventKind.DISCIPLINE, actor=actor, detail=detail)
    record(
        actor=actor,
        verb="complaints.discipline.recorded",
        target=complaint,
        data={"kind": kind, "decided_on": decided_on},
    )
    return action


# Protection of the complainant ----------------------------------------------------


def _check_day(day: dt.date, *, not_before: dt.date | None = None, field: str) -> None:
    if day > _today():
        raise ValidationError({field: _("日期不能晚於今天。")})
    if not_before and day < not_before:
        raise ValidationError(
            {field: _("日期不能早於開始追蹤日期（%(day)s）。") % {"day": roc.format_slash(not_before)}}
        )


def _in_order(factors: Iterable[str]) -> list[str]:
    """The chosen risk factors once each, in the order of the choices; an unknown one is refused."""
    chosen = set(factors)
    if unknown := chosen - set(RiskFactor.values):
        raise ValidationError({"factors": _("沒有這個風險因素：%(names)s") % {"names": "、".join(sorted(unknown))}})
    return [value for value in RiskFactor.values if value in chosen]


@transaction.atomic
def open_protection_watch(
    complaint: Complaint,
    *,
    actor,
    risk: str,
    insider: bool = False,
    factors: Iterable[str] = (),
    measures: str = "",
    on: dt.date | None = None,
) -> ProtectionWatch:
    """Start following the complainant's protection: the first check falls due one interval after ``on``."""
    complaint = _lock(complaint)
    if ProtectionWatch.objects.filter(complaint=complaint).exists():
        raise ValidationError(_("本案已在追蹤檢舉人保護。"))
    on = on or _today()
    _check_day(on, field="on")
    watch = ProtectionWatch(
        complaint=complaint,
        risk=risk,
        insider=insider,
        factors=_in_order(factors),
        measures=measures,
        opened_on=on,
    )
    watch.full_clean()
    watch.next_check_on = on + dt.timedelta(days=CHECK_INTERVAL_DAYS[risk])
    watch.save()
    with language_of_record():
        detail = _("開始追蹤（遭報復風險：%(risk)s）") % {"risk": RetaliationRisk(risk).label}
    _event(complaint, EventKind.PROTECTION, actor=actor, detail=detail)
    # The measures may describe the complainant: the audit trail keeps only the assessment.
    record(
        actor=actor,
        verb="complaints.protection.opened",
        target=complaint,
        data={"risk": risk, "insider": insider, "factors": watch.factors, "on": on},
    )
    return watch


@transaction.atomic
def revise_protection_watch(
    watch: ProtectionWatch,
    *,
    actor,
    risk: str,
    insider: bool = False,
    factors: Iterable[str] = (),
    measures: str = "",
) -> ProtectionWatch:
    """Assess the risk again: a higher risk brings the next check forward to its own interval from the last one."""
    watch = ProtectionWatch.objects.select_for_update().get(pk=watch.pk)
    if watch.ended_on:
        raise ValidationError(_("這項保護追蹤已結束。"))
    previous = watch.risk
    watch.risk, watch.insider, watch.measures = risk, insider, measures
    watch.factors = _in_order(factors)
    watch.full_clean()
    last = watch.checks.order_by("-checked_on").values_list("checked_on", flat=True).first() or watch.opened_on
    watch.next_check_on = min(watch.next_check_on, last + dt.timedelta(days=CHECK_INTERVAL_DAYS[risk]))
    watch.save()
    complaint = Complaint.objects.get(pk=watch.complaint_id)
    with language_of_record():
        detail = _("重新評估遭報復風險：%(before)s → %(after)s") % {
            "before": RetaliationRisk(previous).label,
            "after": RetaliationRisk(risk).label,
        }
    _event(complaint, EventKind.PROTECTION, actor=actor, detail=detail)
    record(
        actor=actor,
        verb="complaints.protection.revised",
        target=complaint,
        data={"risk": risk, "insider": insider, "factors": watch.factors},
    )
    return watch


@transaction.atomic
def record_protection_check(
    watch: ProtectionWatch, *, actor, checked_on: dt.date, result: str, note: str = ""
) -> ProtectionCheck:
    """Record a follow-up and set the next one: sooner after a concern, none after a clear check a year past closure."""
    watch = ProtectionWatch.objects.select_for_update().get(pk=watch.pk)
    complaint = Complaint.objects.get(pk=watch.complaint_id)
    if watch.ended_on:
        raise ValidationError(_("這項保護追蹤已結束。"))
    _check_day(checked_on, not_before=watch.opened_on, field="checked_on")
    check = ProtectionCheck(watch=watch, checked_on=checked_on, result=result, note=note, checked_by=actor)
    check.full_clean()
    check.save()
    watch_ends = (
        result == ProtectionResult.NONE
        and complaint.status in CLOSED
        and complaint.closed_on is not None
        and checked_on >= complaint.closed_on + dt.timedelta(days=WATCH_AFTER_CLOSURE_DAYS)
    )
    if watch_ends:
        watch.ended_on, watch.next_check_on = checked_on, None
    else:
        risk = watch.risk if result == ProtectionResult.NONE else RetaliationRisk.HIGH
        watch.next_check_on = checked_on + dt.timedelta(days=CHECK_INTERVAL_DAYS[risk])
    watch.save(update_fields=["ended_on", "next_check_on", "updated_at"])
    with language_of_record():
        detail = _("追蹤 %(day)s：%(result)s") % {
            "day": roc.format_slash(checked_on),
            "result": ProtectionResult(result).label,
        }
    _event(complaint, EventKind.PROTECTION, actor=actor, detail=detail)
    record(
        actor=actor,
        verb="complaints.protection.checked",
        target=complaint,
        data={"result": result, "checked_on": checked_on, "ended": watch_ends},
    )
    return check


# Historical cases ----------------------------------------------------------------


@transaction.atomic
def register_historical_complaints(cases: Sequence[HistoricalCase], *, actor) -> list[Complaint]:
    """Write cases handled before the system, in their final state, in bulk; one audit event per batch.

    Numbers are taken from the same per-unit, per-year counters as live intake, in order of receipt.
    """
    if not cases:
        return []
    by_counter: dict[tuple[int, int], list[HistoricalCase]] = defaultdict(list)
    for case in sorted(cases, key=lambda c: c.received_on):
        by_counter[(case.unit.pk, roc.to_roc_year(case.received_on.year))].append(case)
    built: list[tuple[Complaint, HistoricalCase]] = []
    for (_unit_id, roc_year), group in by_counter.items():
        first = _allocate_numbers(group[0].unit, roc_year, len(group))
        for offset, case in enumerate(group):
            built.append((_historical_complaint(case, roc_year, first + offset), case))
    complaints = Complaint.objects.bulk_create([complaint for complaint, _case in built])
    subjects, identities, events = [], [], []
    for complaint, case in zip(complaints, (case for _c, case in built), strict=True):
        subjects += [
            Subject(complaint=complaint, name=s.name, title=s.title, agency=s.agency, officer=s.officer)
            for s in case.subjects
        ]
        if case.identity is not None and not case.identity.is_empty:
            identities.append(SealedIdentity(complaint=complaint, ciphertext=vault.seal(case.identity)))
        events += _historical_events(complaint, case)
    Subject.objects.bulk_create(subjects)
    SealedIdentity.objects.bulk_create(identities)
    Event.objects.bulk_create(events)
    record(
        actor=actor,
        verb="complaints.complaint.historical_registered",
        data={"count": len(complaints), "numbers": [c.number for c in complaints[:1000]]},
    )
    return complaints


def _historical_complaint(case: HistoricalCase, roc_year: int, sequence: int) -> Complaint:
    if case.status not in Status.values:
        raise ValidationError(_("處理結果不正確。"))
    return Complaint(
        unit=case.unit,
        agency=case.agency,
        roc_year=roc_year,
        sequence=sequence,
        legacy_number=case.legacy_number,
        origin=Origin.IMPORT,
        channel=case.channel,
        received_on=case.received_on,
        is_anonymous=case.is_anonymous,
        categories=_clean_categories(case.categories),
        summary=case.summary,
        narrative=case.narrative,
        status=case.status,
        closed_on=case.closed_on,
        referred_to=case.referred_to,
        referral_doc_no=case.referral_doc_no,
        referred_on=case.referred_on,
        ack_due_on=deadlines.ack_due(case.received_on),
        outcome_due_on=deadlines.outcome_due(case.received_on),
        acknowledged_on=case.acknowledged_on,
        outcome_notified_on=case.outcome_notified_on,
    )


def _historical_events(complaint: Complaint, case: HistoricalCase) -> list[Event]:
    with language_of_record():
        imported = _("歷史資料匯入")
    events = [
        Event(
            complaint=complaint,
            kind=EventKind.RECEIVED,
            occurred_at=noon_of(case.received_on),
            to_status=Status.RECEIVED,
            detail=imported,
        )
    ]
    if case.status != Status.RECEIVED:
        events.append(
            Event(
                complaint=complaint,
                kind=EventKind.TRANSITION,
                occurred_at=noon_of(case.closed_on or case.received_on),
                from_status=Status.RECEIVED,
                to_status=case.status,
                detail=" ".join(p for p in (case.referred_to, case.referral_doc_no) if p),
            )
        )
    return events


def record_printing(complaint: Complaint, *, actor) -> None:
    """A case sheet was printed or downloaded: a paper copy has left the platform's control."""
    record(actor=actor, verb="complaints.complaint.printed", target=complaint, data={})

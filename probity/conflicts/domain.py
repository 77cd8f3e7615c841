"""The write side of conflicts: atomic, keyword-only, ``actor=`` required, audited."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from probity.audit.domain import record
from probity.conflicts.enums import SMALL_DEAL_LIMIT, SMALL_YEAR_LIMIT
from probity.conflicts.models import Recusal, RecusalRollup, RelationshipDisclosure
from probity.conflicts.queries import check_small_amount
from probity.org.models import Agency, EthicsUnit
from probity.org.queries import agencies_writable_by, unit_for_agency, units_writable_by

RECUSAL_FIELDS = (
    "kind",
    "official_name",
    "official_title",
    "matter",
    "reason",
    "applicant",
    "filed_on",
    "decision",
    "decided_on",
    "decision_note",
    "deputy",
)
DISCLOSURE_FIELDS = (
    "mode",
    "category",
    "transaction_type",
    "official_name",
    "official_agency",
    "official_title",
    "related_party_name",
    "relationship",
    "relationship_detail",
    "is_organisation",
    "business_id",
    "representative",
    "roles_held",
    "deal_name",
    "concluded_on",
    "counterparty",
    "amount",
    "legal_basis",
    "exception",
    "exception_reason",
    "published_on",
    "internal_note",
)
# Names and other identifying fields are left out of the audit trail's change log.
_LOGGED = ("mode", "category", "concluded_on", "amount", "exception", "published_on", "kind", "decision", "filed_on")


def _check_writable(actor, agency: Agency) -> None:
    if actor is not None and not agencies_writable_by(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("您無權登錄此機關的資料。"))


def _owning_unit(agency: Agency) -> EthicsUnit:
    unit = unit_for_agency(agency)
    if unit is None:
        raise ValidationError({"agency": _("這個機關沒有對應的政風機構。")})
    return unit


def _assign(obj, fields, values) -> dict:
    changed = {}
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            if name in _LOGGED:
                changed[name] = [str(getattr(obj, name)), str(values[name])]
            else:
                changed[name] = "changed"
            setattr(obj, name, values[name])
    return changed


def _save(obj, *, actor, agency, values, fields) -> dict:
    """Check scope (the record's agency and any new one), set owner and fields, validate."""
    _check_writable(actor, agency)
    if "agency" in values and values["agency"] != agency:
        agency = values["agency"]
        _check_writable(actor, agency)
    obj.agency = agency
    obj.unit = _owning_unit(agency)
    changed = _assign(obj, fields, values)
    obj.full_clean()
    return changed


# Recusals ----------------------------------------------------------------------------------


@transaction.atomic
def record_recusal(*, actor, agency: Agency, **values) -> Recusal:
    recusal = Recusal()
    changed = _save(recusal, actor=actor, agency=agency, values=values, fields=RECUSAL_FIELDS)
    recusal.save()
    record(actor=actor, verb="conflicts.recusal.recorded", target=recusal, data={"agency": agency.key, **changed})
    return recusal


@transaction.atomic
def update_recusal(recusal: Recusal, *, actor, **values) -> Recusal:
    recusal = Recusal.objects.select_for_update().get(pk=recusal.pk)
    changed = _save(recusal, actor=actor, agency=recusal.agency, values=values, fields=RECUSAL_FIELDS)
    recusal.save()
    record(actor=actor, verb="conflicts.recusal.updated", target=recusal, data={"changed": changed})
    return recusal


@transaction.atomic
def submit_rollup(
    *, actor, unit: EthicsUnit, roc_year: int, submitted_on: dt.date, doc_no: str, case_count: int
) -> RecusalRollup:
    """Note that a unit reported a year's recusals (the export is what it sends)."""
    if actor is not None and not units_writable_by(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("您無權登錄此政風機構的資料。"))
    rollup, created = RecusalRollup.objects.select_for_update().get_or_create(
        unit=unit,
        roc_year=roc_year,
        defaults={"submitted_on": submitted_on, "doc_no": doc_no, "case_count": case_count},
    )
    if not created:
        rollup.submitted_on, rollup.doc_no, rollup.case_count = submitted_on, doc_no, case_count
        rollup.save()
    record(
        actor=actor,
        verb="conflicts.rollup.submitted",
        target=rollup,
        data={"year": roc_year, "submitted_on": submitted_on, "doc_no": doc_no, "cases": case_count},
    )
    return rollup


# Relationship disclosures ---------------------------------------------------------------------


def _check_small_amount(disclosure: RelationshipDisclosure) -> None:
    if not disclosure.is_small_amount:
        return
    check = check_small_amount(
        agency=disclosure.agency,
        counterparty_key=disclosure.counterparty_key,
        concluded_on=disclosure.concluded_on,
        amount=disclosure.amount,
        exclude_pk=disclosure.pk,
    )
    if not check.deal_ok:
        raise ValidationError(
            {"amount": _("小額例外每筆不得超過新臺幣 %(limit)s 元。") % {"limit": f"{SMALL_DEAL_LIMIT:,.0f}"}}
        )
    if not check.year_ok:
        raise ValidationError(
            {
                "amount": _(
                    "與同一對象本年度小額交易累計將達新臺幣 %(total)s 元，超過 %(limit)s 元上限，不適用小額例外。"
                )
                % {"total": f"{check.year_total:,.0f}", "limit": f"{SMALL_YEAR_LIMIT:,.0f}"}
            }
        )


@transaction.atomic
def record_disclosure(*, actor, agency: Agency, **values) -> RelationshipDisclosure:
    disclosure = RelationshipDisclosure()
    changed = _save(disclosure, actor=actor, agency=agency, values=values, fields=DISCLOSURE_FIELDS)
    _check_small_amount(disclosure)
    disclosure.save()
    record(actor=actor, verb="conflicts.disclosure.recorded", target=disclosure, data={"agency": agency.key, **changed})
    return disclosure


@transaction.atomic
def update_disclosure(disclosure: RelationshipDisclosure, *, actor, **values) -> RelationshipDisclosure:
    disclosure = RelationshipDisclosure.objects.select_for_update().get(pk=disclosure.pk)
    changed = _save(disclosure, actor=actor, agency=disclosure.agency, values=values, fields=DISCLOSURE_FIELDS)
    _check_small_amount(disclosure)
    disclosure.save()
    record(actor=actor, verb="conflicts.disclosure.updated", target=disclosure, data={"changed": changed})
    return disclosure


@transaction.atomic
def publish_disclosure(disclosure: RelationshipDisclosure, *, actor, on: dt.date) -> RelationshipDisclosure:
    """Publish a post-publication disclosure on the portal as of ``on``."""
    disclosure = RelationshipDisclosure.objects.select_for_update().get(pk=disclosure.pk)
    _check_writable(actor, disclosure.agency)
    if not disclosure.requires_publication:
        raise ValidationError(_("只有事後公開（第1至3款）的案件需要公開。"))
    if disclosure.published_on:
        raise ValidationError(_("此案件已於 %(day)s 公開。") % {"day": disclosure.published_on})
    disclosure.published_on = on
    disclosure.full_clean()
    disclosure.save()
    record(
        actor=actor,
        verb="conflicts.disclosure.published",
        target=disclosure,
        data={"on": on, "due": disclosure.publication_due, "late": disclosure.published_late},
    )
    return disclosure

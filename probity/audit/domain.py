"""The single writer of the audit trail."""

import datetime as dt
import json

from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from probity.audit import anchors
from probity.audit.chain import GENESIS, event_hash
from probity.audit.models import AuditEvent

# Any 64-bit number unique to this lock; it serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK = 7_310_118_211


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite: the IMMEDIATE transaction already holds the database's write lock.


def target_of(target) -> tuple[str, str]:
    if target is None:
        return "", ""
    meta = target._meta
    code = getattr(target, "code", None) or target.pk
    return f"{meta.app_label}.{meta.model_name}", str(code)


def record(*, actor, verb: str, target=None, data: dict | None = None) -> AuditEvent:
    """Append an event to the chain, inside the caller's transaction.

    ``data`` must not hold a complainant's identity or any other sealed value.
    """
    target_type, target_code = target_of(target)
    normalised = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_label = actor.get_username() if actor_id else ""
    # No savepoint of its own: an event that cannot be appended must undo the caller's whole transaction
    # anyway, and the two statements a savepoint costs add up in imports that write thousands of records.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        prev_hash = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        occurred_at = dt.datetime.now(dt.UTC)
        digest = event_hash(
            prev_hash=prev_hash,
            actor_id=actor_id,
            actor_label=actor_label,
            verb=verb,
            target_type=target_type,
            target_code=target_code,
            occurred_at=occurred_at,
            data=normalised,
        )
        return AuditEvent.objects.create(
            actor_id=actor_id,
            actor_label=actor_label,
            verb=verb,
            target_type=target_type,
            target_code=target_code,
            occurred_at=occurred_at,
            data=normalised,
            prev_hash=prev_hash,
            hash=digest,
        )


def anchor_chain(*, actor, path, recipients: list[str]):
    """Copy the chain's head outside the database (``anchors``): append it to ``path`` and mail it to
    ``recipients``. Returns the anchor, or None for an empty chain."""
    anchor = anchors.head()
    if anchor is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(anchor.line() + "\n")
    if recipients:
        send_mail(
            subject=f"政風業務整合平臺稽核軌跡錨點 #{anchor.event_id}",
            message=(
                "請保存本信，日後可據以驗證稽核軌跡未經竄改（manage.py verify_audit_chain --anchors 本信檔案）。\n\n"
                + anchor.line()
                + "\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    with transaction.atomic():
        record(
            actor=actor,
            verb="audit.chain.anchored",
            data={"event": anchor.event_id, "hash": anchor.hash, "mailed_to": len(recipients)},
        )
    return anchor

"""Walk the audit chain and report the first event that does not fit."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from probity.audit.chain import GENESIS, hash_of
from probity.audit.models import AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    reason: str


def verify_chain(batch_size: int = 5000) -> tuple[int, ChainProblem | None]:
    """Return (events checked, first problem or None)."""
    expected_prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for event in batch:
            if event.prev_hash != expected_prev:
                return checked, ChainProblem(
                    event.id,
                    _("前一筆雜湊不符：之前有事件被刪除，或這一筆不是依鏈插入的"),
                )
            if hash_of(event) != event.hash:
                return checked, ChainProblem(event.id, _("內容與其雜湊不符：這筆事件被改過"))
            expected_prev = event.hash
            checked += 1
            last_id = event.id

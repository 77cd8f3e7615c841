"""Anchors: copies of the audit chain's head kept where the database cannot reach.

The chain makes any change to one event visible, and the database refuses UPDATE and DELETE on it. Someone
with full control of the database could still drop that refusal and rewrite every hash from some event on;
the chain would then verify again. An anchor (the id and hash of the latest event at a moment) that was
copied outside the database before the rewrite no longer matches, and so shows it.

Anchors go out three ways: ``manage.py anchor_audit_chain`` appends one to a file and mails it to the
addresses in ``PROBITY_AUDIT_ANCHOR_EMAILS`` (kept by whoever receives them), and every published work report
ends its public copy with the anchor of its publication, which anyone may keep.
``manage.py verify_audit_chain --anchors FILE`` checks the chain against the anchors kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from probity.audit.models import AuditEvent

PREFIX = "probity-audit-anchor"
# Any whitespace between the parts: a line kept from a PDF's text may break where the page did.
_LINE = re.compile(
    rf"{PREFIX}\s+event=(\d+)\s+hash=([0-9a-f]{{64}})\s+at=(\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d)?)"
)


@dataclass(frozen=True)
class Anchor:
    event_id: int
    hash: str
    taken_at: dt.datetime

    def line(self) -> str:
        return f"{PREFIX} event={self.event_id} hash={self.hash} at={self.taken_at.isoformat(timespec='seconds')}"


@dataclass(frozen=True)
class AnchorProblem:
    anchor: Anchor
    reason: str


def of(event: AuditEvent) -> Anchor:
    return Anchor(event.id, event.hash, event.occurred_at.replace(microsecond=0))


def head() -> Anchor | None:
    """The latest event, or None for an empty chain."""
    latest = AuditEvent.objects.order_by("-id").first()
    return of(latest) if latest else None


def parse(text: str) -> list[Anchor]:
    """The anchors in ``text`` (a file of anchor lines, a mail, a page, a PDF's text), in their order."""
    return [Anchor(int(match[1]), match[2], dt.datetime.fromisoformat(match[3])) for match in _LINE.finditer(text)]


def check(anchors: list[Anchor]) -> list[AnchorProblem]:
    """Each anchor whose event is gone or no longer has the hash it had."""
    recorded = dict(AuditEvent.objects.filter(id__in={anchor.event_id for anchor in anchors}).values_list("id", "hash"))
    problems = []
    for anchor in anchors:
        now = recorded.get(anchor.event_id)
        if now is None:
            problems.append(AnchorProblem(anchor, _("錨定的事件已不在稽核軌跡中")))
        elif now != anchor.hash:
            problems.append(AnchorProblem(anchor, _("錨定事件的雜湊已改變：稽核軌跡被改寫")))
    return problems

"""The demo's audit trail ends anchored, as a daily anchor_audit_chain would leave it."""

from pathlib import Path

from django.conf import settings

from probity.audit.domain import anchor_chain
from probity.core.demo import register


@register("audit", order=1000)
def load(stdout=None, **options) -> None:
    anchor = anchor_chain(
        actor=None,
        path=Path(settings.DATA_DIR) / "audit" / "anchors.txt",
        recipients=settings.PROBITY_AUDIT_ANCHOR_EMAILS,
    )
    if stdout and anchor:
        stdout.write(f"  audit: the chain anchored at event #{anchor.event_id}")

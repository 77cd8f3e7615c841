"""The hash that links each audit event to the one before it."""

import hashlib
import json

GENESIS = "0" * 64


def canonical(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(
    *, prev_hash: str, actor_id, actor_label: str, verb: str, target_type: str, target_code: str, occurred_at, data
) -> str:
    payload = {
        "prev": prev_hash,
        "actor": actor_id,
        "actor_label": actor_label,
        "verb": verb,
        "target_type": target_type,
        "target_code": target_code,
        "at": occurred_at.isoformat(timespec="microseconds"),
        "data": data,
    }
    return hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()


def hash_of(event) -> str:
    return event_hash(
        prev_hash=event.prev_hash,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        verb=event.verb,
        target_type=event.target_type,
        target_code=event.target_code,
        occurred_at=event.occurred_at,
        data=event.data,
    )

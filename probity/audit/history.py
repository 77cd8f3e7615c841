"""A record's change history (異動紀錄): its audit events in words, with what each one changed.

Each domain app registers the words for its verbs in its ``events`` module::

    event_labels({"activities.meeting.created": pgettext_lazy("audit event", "新增會報"), ...})
    event_labels({"declarations.declaration.read": pgettext_lazy("audit event", "調閱財產申報")}, reads=True)

The history of a record is read on the trail's (target type, target code) index: one query for a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from probity.audit.domain import target_of
from probity.audit.models import AuditEvent
from probity.core.language import date_text

HISTORY_SHOWN = 30
VALUE_SHOWN = 80  # characters of a changed text shown; the full text is on the record itself
_STATE_FIELDS = ("status", "state", "decision")

_labels: dict[str, str | Promise] = {}
_reads: set[str] = set()
_describers: dict[str, Callable[[dict], list[Change]]] = {}


def event_labels(labels: Mapping[str, str | Promise], *, reads: bool = False) -> None:
    """Register the words for a domain's audit verbs. ``reads`` are verbs that record a reading (調閱), not a
    change: the trail keeps them, a record's change history leaves them out."""
    _labels.update(labels)
    if reads:
        _reads.update(labels)


def change_describers(describers: Mapping[str, Callable[[dict], list[Change]]]) -> None:
    """Register how a verb's data says what changed where it is not a model's fields (a system's rule settings,
    kept as one JSON document): the describer turns the event's data into changes, in the reader's language."""
    _describers.update(describers)


def labelled_verbs() -> set[str]:
    return set(_labels)


def reading_verbs() -> set[str]:
    return set(_reads)


def verb_options() -> list[tuple[str, str]]:
    """What the trail's action filter offers: each app's verbs as a whole (``complaints.``, by the app's name),
    then every verb in words, in code order."""
    apps_with_verbs = sorted({verb.split(".", 1)[0] for verb in _labels})
    whole_apps = [
        (f"{label}.", str(apps.get_app_config(label).verbose_name))
        for label in apps_with_verbs
        if apps.is_installed(f"probity.{label}")
    ]
    return whole_apps + [(verb, str(_labels[verb])) for verb in sorted(_labels)]


def target_label(target_type: str) -> str:
    """An event's target type (``activities.meeting``) as the model's name (會報)."""
    model = _model(target_type)
    return str(model._meta.verbose_name) if model else target_type


def verb_label(verb: str) -> str:
    """The verb in words, in the reader's language; an unregistered verb as it is written."""
    label = _labels.get(verb)
    return str(label) if label is not None else verb


@dataclass(frozen=True)
class Change:
    field: str
    old: str | None = None  # None with ``new`` None: the field changed, its values are not kept
    new: str | None = None


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    label: str
    changes: list[Change]
    about: str = ""  # the related record the event concerns (a meeting's proposal), blank for the record itself


@dataclass(frozen=True)
class History:
    entries: list[Entry]
    more: bool  # older events exist than those shown
    target_type: str
    target_code: str


def history_of(obj: models.Model, related: Iterable[models.Model] = (), *, limit: int | None = None) -> History:
    """The latest ``limit`` (HISTORY_SHOWN) events of the record and of ``related`` records that live on its page
    (an audit's recommendations, a meeting's proposals), newest first."""
    limit = limit or HISTORY_SHOWN
    target_type, target_code = target_of(obj)
    about = {target_of(other): str(other) for other in related}
    wanted = Q(target_type=target_type, target_code=target_code)
    for kind in {kind for kind, _code in about}:
        wanted |= Q(target_type=kind, target_code__in=[code for other_kind, code in about if other_kind == kind])
    events = list(
        AuditEvent.objects.filter(wanted)
        .exclude(verb__in=sorted(_reads))
        .select_related("actor")
        .order_by("-id")[: limit + 1]
    )
    entries = [
        Entry(
            event,
            verb_label(event.verb),
            _changes(event),
            about.get((event.target_type, event.target_code), ""),
        )
        for event in events[:limit]
    ]
    return History(entries, more=len(events) > limit, target_type=target_type, target_code=target_code)


def _changes(event: AuditEvent) -> list[Change]:
    describe = _describers.get(event.verb)
    return describe(event.data) if describe else changes_of(_model(event.target_type), event.data)


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def changes_of(model: type[models.Model], data: dict) -> list[Change]:
    """What an event's data says changed: ``changed`` as {field: [old, new]}, {field: "changed"} or a list of
    field names, or a move from one state to another (``from``/``to``)."""
    changed = data.get("changed")
    if isinstance(changed, list):
        return [Change(field_label(model, name)) for name in _in_form_order(model, changed)]
    if isinstance(changed, dict):
        return [_change(model, name, changed[name]) for name in _in_form_order(model, changed)]
    if "from" in data and "to" in data and (field := _state_field(model)):
        return [_change(model, field.name, [data["from"], data["to"]])]
    return []


def _in_form_order(model, names) -> list[str]:
    """Field names in the model's own order (PostgreSQL's jsonb keeps a dict's keys in an order of its own); a
    name the model no longer has goes last."""
    order = {field.name: n for n, field in enumerate(model._meta.get_fields())} if model else {}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def _change(model, name: str, values) -> Change:
    if not isinstance(values, list | tuple) or len(values) != 2:
        return Change(field_label(model, name))
    field = _field(model, name)
    old, new = (shown_value(field, value) for value in values)
    return Change(field_label(model, name), old or "—", new or "—")


def _field(model, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _state_field(model) -> models.Field | None:
    for name in _STATE_FIELDS:
        field = _field(model, name)
        if field is not None and field.choices:
            return field
    return None


def field_label(model, name: str) -> str:
    field = _field(model, name)
    label = getattr(field, "verbose_name", None)
    return str(label) if label else name


def shown_value(field: models.Field | None, value) -> str:
    """A value as the trail kept it (a string, usually), in words: a choice's label, a date in ROC, yes or no."""
    if value is None or value == "":
        return ""
    text = str(value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, text))
    if isinstance(field, models.BooleanField):
        return _("是") if text in ("True", "true", "1") else _("否")
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return date_text(dt.date.fromisoformat(text[:10]))
        except ValueError:
            return text
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"

"""Messages the library says to people: Chinese text that remembers how it was made.

The library knows nothing of Django's translations, yet its errors reach English pages. A :class:`Message` is
the Chinese text itself (a ``str``: it prints, joins and compares as before) and keeps its template and values,
so that the application can look the template up in its catalogue and say it again in the reader's language.
Values may themselves be messages (a column's or a rule's name), said again in turn, or lists of them, which the
Chinese text joins with 、 and other languages with their own separator.
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """``template % values`` in Chinese, with ``template`` (the catalogue's msgid) and ``values`` kept."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        shown = {
            name: "、".join(map(str, value)) if isinstance(value, list) else value for name, value in values.items()
        }
        text = super().__new__(cls, template % shown if values else template)
        text.template = template
        text.values = values
        return text

    def __reduce__(self):
        return _rebuild, (self.template, self.values)

    def as_data(self) -> dict:
        """The message as JSON data, to be stored beside its text and said again later."""
        return {"template": self.template, "values": {name: _data(value) for name, value in self.values.items()}}

    @classmethod
    def from_data(cls, data: dict) -> Message:
        return cls(data["template"], **{name: _value(value) for name, value in data.get("values", {}).items()})


def _data(value: Any) -> Any:
    if isinstance(value, list):
        return [_data(item) for item in value]
    return value.as_data() if isinstance(value, Message) else value


def _value(data: Any) -> Any:
    if isinstance(data, list):
        return [_value(item) for item in data]
    return Message.from_data(data) if isinstance(data, dict) and "template" in data else data


def _rebuild(template: str, values: dict) -> Message:
    return Message(template, **values)

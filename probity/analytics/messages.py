"""Messages the library says to people: Chinese text that remembers how it was made.

The library knows nothing of Django's translations, yet its errors reach English pages. A :class:`Message` is
the Chinese text itself (a ``str``: it prints, joins and compares as before) and keeps its template and values,
so that the application can look the template up in its catalogue and say it again in the reader's language.
Values may themselves be messages (a column's or a rule's name), said again in turn.
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """``template % values`` in Chinese, with ``template`` (the catalogue's msgid) and ``values`` kept."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        text = super().__new__(cls, template % values if values else template)
        text.template = template
        text.values = values
        return text

    def __reduce__(self):
        return _rebuild, (self.template, self.values)

    def as_data(self) -> dict:
        """The message as JSON data, to be stored beside its text and said again later."""
        return {
            "template": self.template,
            "values": {
                name: value.as_data() if isinstance(value, Message) else value for name, value in self.values.items()
            },
        }

    @classmethod
    def from_data(cls, data: dict) -> Message:
        values = {
            name: cls.from_data(value) if isinstance(value, dict) and "template" in value else value
            for name, value in data.get("values", {}).items()
        }
        return cls(data["template"], **values)


def _rebuild(template: str, values: dict) -> Message:
    return Message(template, **values)

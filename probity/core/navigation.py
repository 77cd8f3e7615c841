"""Menu entries registered by each app in its AppConfig.ready(); base.html shows those a user may use."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: object
    url_name: str
    permission: str
    section: object
    order: int = 100


_entries: list[NavEntry] = []


def register(label, url_name: str, *, permission: str, section, order: int = 100) -> None:
    if any(entry.url_name == url_name for entry in _entries):
        return
    _entries.append(NavEntry(label, url_name, permission, section, order))


def entries_for(user) -> list[dict]:
    sections: dict[str, dict] = {}
    for entry in sorted(_entries, key=lambda e: e.order):
        if not user.has_perm(entry.permission):
            continue
        section = sections.setdefault(str(entry.section), {"label": entry.section, "items": []})
        section["items"].append({"label": entry.label, "url": reverse(entry.url_name)})
    return list(sections.values())

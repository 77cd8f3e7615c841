"""Printouts: a record laid out as a document to print, sign and file (PDF, ODT, DOCX).

A domain app registers a function of the user and the record's code that builds the record's document tree
(``core.document``), fetching the record within the user's scope (so a record outside it is a 404)::

    @printout("inspection-report", permission="activities.view_activities")
    def inspection_report(user, code) -> Printout:
        ...

``reports`` shows it as a page and renders the downloads, so domains never import ``reports``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from probity.core.document import Document


@dataclass(frozen=True)
class Printout:
    document: Document
    back_url: str  # the record's own page
    file_name: str  # without the extension


@dataclass(frozen=True)
class PrintoutKind:
    key: str
    permission: str
    build: Callable[..., Printout]


_kinds: dict[str, PrintoutKind] = {}


def printout(key: str, *, permission: str):
    def register(func: Callable[..., Printout]) -> Callable[..., Printout]:
        _kinds[key] = PrintoutKind(key, permission, func)
        return func

    return register


def printout_kind(key: str) -> PrintoutKind | None:
    return _kinds.get(key)

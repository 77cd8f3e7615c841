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

from django.utils.translation import gettext as _

from probity.core.document import Document, Heading, Paragraph, paragraph
from probity.core.language import heading_number


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


def numbered_sections(sections) -> list:
    """``(title, blocks)`` pairs as first-level headings numbered in the reader's language (一、 or 1.), each
    followed by its blocks; a section without blocks is left out and the numbering closes up."""
    kept = [(title, blocks) for title, blocks in sections if blocks]
    return [
        block
        for number, (title, blocks) in enumerate(kept, start=1)
        for block in (Heading(1, heading_number(number), title), *blocks)
    ]


def fact_lines(facts) -> list[Paragraph]:
    """``(label, value)`` pairs as lines 「檢查項目：…」 at the head of a printout; an empty value reads —."""
    return [
        paragraph(_("%(label)s：%(value)s") % {"label": label, "value": " ".join(str(value).split()) or "—"})
        for label, value in facts
    ]


def signature_lines(*roles) -> list[Paragraph]:
    """A line to sign on for each role (「檢查人員：」), at the foot of a printout."""
    return [paragraph(f"{role}{'＿' * 12}") for role in roles]

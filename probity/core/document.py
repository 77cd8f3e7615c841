"""The document tree a builder makes and every renderer in ``reports`` turns into bytes.

The report's builder makes one, and so does each printout a domain registers (``core.printouts``); the tree
lives in core so that domains build it without importing ``reports``. Nodes are plain frozen dataclasses: no
database, no request, so a tree built from stored inputs is the same tree every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class TextRun:
    text: str


@dataclass(frozen=True)
class FigureRun:
    """A figure in a sentence: what it shows and where its records are."""

    key: str
    text: str
    url: str
    label: str = ""
    missing: bool = False


@dataclass(frozen=True)
class Heading:
    level: int  # 0: the document title; 1: 一、 2: （一） 3: 1.
    numbering: str
    text: str

    @property
    def full_text(self) -> str:
        return f"{self.numbering}{self.text}"


@dataclass(frozen=True)
class Paragraph:
    runs: tuple

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple
    rows: tuple  # tuples of cell texts
    numeric_from: int = 3  # columns from this index on are figures (right-aligned)


@dataclass(frozen=True)
class Chart:
    """An image made from figures; renderers ask ``charts`` for SVG or PNG bytes."""

    caption: str
    kind: str  # "bars" or "line"
    data: dict = field(hash=False, compare=False)


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    blocks: tuple
    warnings: tuple = ()
    language: str = "zh-Hant-TW"  # what the text is written in: the renderers set the page footer to match

    @property
    def in_english(self) -> bool:
        return self.language.startswith("en")

    def for_the_public(self) -> Document:
        """The same text without what only staff may follow: figures lose their links to the records behind
        them, and the consistency warnings are left out."""

        def plain(block):
            if not isinstance(block, Paragraph):
                return block
            return Paragraph(tuple(TextRun(run.text) if isinstance(run, FigureRun) else run for run in block.runs))

        return replace(self, blocks=tuple(plain(block) for block in self.blocks), warnings=())

    def figures(self) -> list[FigureRun]:
        return [
            run
            for block in self.blocks
            if isinstance(block, Paragraph)
            for run in block.runs
            if isinstance(run, FigureRun)
        ]


def paragraph(text: str) -> Paragraph:
    return Paragraph((TextRun(text),))


def paragraphs(text: str) -> list[Paragraph]:
    """A text field's paragraphs: one per line written, blank lines dropped."""
    return [paragraph(line.strip()) for line in text.splitlines() if line.strip()]

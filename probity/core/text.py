"""Text as it is laid out: how wide it prints, for column widths and chart labels, and clauses joined."""

import unicodedata

from probity.core.language import punctuation


def display_width(text: str) -> int:
    """Columns the text takes in print: a CJK (wide or full-width) character two, any other one. The characters
    whose width depends on the context (□, —, …) take two, as they do in the CJK fonts our documents are set in."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)


CLAUSE_ENDS = "。；;，,. "


def clauses(*parts: str, separator: str | None = None) -> str:
    """Non-blank parts as one sentence: 「查無不法。」 and 「函復檢舉人」 make 「查無不法；函復檢舉人」, not 「。；」.
    Only the last part keeps its closing punctuation. The separator is the reader's semicolon unless given (a
    record's text is kept in the language of record)."""
    kept = [str(part).strip() for part in parts if part and str(part).strip()]
    separator = punctuation("semicolon") if separator is None else separator
    return separator.join([part.rstrip(CLAUSE_ENDS) for part in kept[:-1]] + kept[-1:])

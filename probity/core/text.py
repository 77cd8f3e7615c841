"""Text as it is laid out: how wide it prints, for column widths and chart labels."""

import unicodedata


def display_width(text: str) -> int:
    """Columns the text takes in print: a CJK (wide or full-width) character two, any other one. The characters
    whose width depends on the context (□, —, …) take two, as they do in the CJK fonts our documents are set in."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)

"""The language of record: text that Probity stores in a record is Traditional Chinese, whoever writes it.

Pages speak the reader's language, but an inspection's title, a case's timeline or an alert's reason is
part of the official record; written under an English page, it would otherwise be kept in English.
Errors raised to the user stay in the user's language, so only the text that is stored is wrapped.
"""

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy

from probity.analytics.messages import Message
from probity.core import roc


def language_of_record() -> translation.override:
    """A context in which gettext returns the language records are kept in (``settings.LANGUAGE_CODE``)."""
    return translation.override(settings.LANGUAGE_CODE)


def reads_english() -> bool:
    return (translation.get_language() or "").split("-")[0] == "en"


# ROC dates in the reader's language: 110年7月1日 and 110年下半年 in Chinese; 110/07/01 and
# "ROC 110 H2 (2021)" in English. Stored text and the official report keep the Chinese forms.
def date_text(value) -> str:
    return roc.format_slash(value) if reads_english() else roc.format_date(value)


def heading_number(number: int) -> str:
    """The numbering of a document's first-level heading: 一、 in Chinese, 1. in English."""
    return f"{number}. " if reads_english() else f"{roc.chinese_numeral(number)}、"


def month_text(value) -> str:
    return roc.format_month_slash(value) if reads_english() else roc.format_month(value)


def period_text(period: roc.Period) -> str:
    return period.label_en if reads_english() else period.label


# For choices built once, when a form class is defined: the label is read in each request's language.
period_choice_label = lazy(period_text, str)


# Punctuation written between translated fragments: fullwidth in Chinese, spaced ASCII in English.
PUNCTUATION = {
    "lparen": ("（", " ("),
    "rparen": ("）", ")"),
    "colon": ("：", ": "),
    "list_sep": ("、", ", "),
    "comma": ("，", ", "),
    "semicolon": ("；", "; "),
}


def punctuation(name: str) -> str:
    chinese, english = PUNCTUATION[name]
    return english if reads_english() else chinese


def in_readers_language(text) -> str:
    """A message of the analytics library (``Message``) said again in the reader's language; other text as it is."""
    if not isinstance(text, Message):
        return text
    template = translation.gettext(text.template)
    if not text.values:
        return template
    return template % {name: _said(value) for name, value in text.values.items()}


def _said(value):
    if isinstance(value, list):
        return translation.pgettext("list separator", "、").join(in_readers_language(item) for item in value)
    return in_readers_language(value)


def stored_text(text: str, message: dict | None) -> str:
    """Stored text in the reader's language when its message was kept (``Message.as_data``); else as stored."""
    return in_readers_language(Message.from_data(message)) if message else text

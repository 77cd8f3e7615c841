"""The language of record: text that Probity stores in a record is Traditional Chinese, whoever writes it.

Pages speak the reader's language, but an inspection's title, a case's timeline or an alert's reason is
part of the official record; written under an English page, it would otherwise be kept in English.
Errors raised to the user stay in the user's language, so only the text that is stored is wrapped.
"""

from django.conf import settings
from django.utils import translation


def language_of_record() -> translation.override:
    """A context in which gettext returns the language records are kept in (``settings.LANGUAGE_CODE``)."""
    return translation.override(settings.LANGUAGE_CODE)

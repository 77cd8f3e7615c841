"""Keyed digests that let the audit trail say whose records were searched for without holding their ID
numbers: the trail is kept for good, while the logs it speaks of are purged after their retention period.
An ID number can still be matched against the trail by digesting it again under the same key; a digest
cannot be turned back into an ID number, nor guessed from the few billion possible ones, without that key."""

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "probity.audit.pseudonym"


def pseudonym(value: str) -> str:
    """The digest the trail records for ``value``, under the current secret key."""
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()


def pseudonyms(value: str) -> list[str]:
    """``value``'s digest under the current key and each retired one, so a rotated key still finds old events."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [salted_hmac(SALT, value, secret=secret, algorithm="sha256").hexdigest() for secret in secrets]

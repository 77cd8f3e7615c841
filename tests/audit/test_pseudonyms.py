"""The audit trail names a person by a keyed digest of their ID number, which a rotated key still matches."""

from probity.audit.pseudonyms import pseudonym, pseudonyms


def test_the_digest_is_keyed_and_stable(settings):
    settings.SECRET_KEY = "first-key-" * 5
    digest = pseudonym("A123456789")
    assert len(digest) == 64
    assert digest == pseudonym("A123456789")
    assert digest != pseudonym("A123456780")
    settings.SECRET_KEY = "other-key-" * 5
    assert pseudonym("A123456789") != digest


def test_a_retired_key_still_matches_the_events_it_digested(settings):
    settings.SECRET_KEY = "first-key-" * 5
    old = pseudonym("A123456789")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "other-key-" * 5, ["first-key-" * 5]
    assert pseudonyms("A123456789") == [pseudonym("A123456789"), old]

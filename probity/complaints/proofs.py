"""Filing proofs (收件證明): a signed statement that a complaint was filed at a time, naming no one.

Whistleblowers may later need to show that, and when, they reported (公益揭弊者保護法), without the
platform keeping anything that points to them. At filing the portal gives the complainant a short
text signed with the platform's Ed25519 key (``settings.PROBITY_FILING_PROOF_KEY``):

    probity-filing-proof/1
    received-at: 2026-11-29T09:45:12+08:00
    content-sha256: <SHA-256 of nonce ‖ the summary, a newline and the narrative, as filed>
    nonce: <32 random bytes, hex>
    key: <the first 16 hex digits of SHA-256 of the public key>
    signature: <base64 Ed25519 signature of the lines above, joined by newlines>

The content is committed to, not copied: the proof holds no case number, receipt code or identity,
and the platform stores no proof. Whoever holds it can show it to anyone, who checks it on the
portal (or with the published public key); the complainant can also show what they reported by
giving the original text, which the nonce binds to the digest.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from probity.core import roc

FORMAT = "probity-filing-proof/1"
FIELDS = ("received-at", "content-sha256", "nonce", "key")
MAX_LENGTH = 2000


class ProofError(ValueError):
    """The text is not a proof this platform signed; the message says why, in the reader's language."""


@dataclass(frozen=True)
class FilingProof:
    received_at: dt.datetime
    content_sha256: str
    nonce: str

    def covers(self, summary: str, narrative: str) -> bool:
        """Whether this is the proof of a complaint with this summary and narrative."""
        return secrets.compare_digest(_commitment(self.nonce, summary, narrative), self.content_sha256)


def issue(*, summary: str, narrative: str, received_at: dt.datetime) -> str:
    """The signed proof of a complaint with this summary and narrative, filed at ``received_at``."""
    key, nonce = _private_key(), secrets.token_hex(32)
    when = received_at.astimezone(roc.TAIPEI).replace(microsecond=0).isoformat()
    body = _body(when, _commitment(nonce, summary, narrative), nonce, key_id(key.public_key()))
    signature = base64.b64encode(key.sign(body.encode())).decode()
    return f"{body}\nsignature: {signature}\n"


def verify(text: str) -> FilingProof:
    """The proof in ``text``, checked against the platform's keys; ProofError names what is wrong."""
    if len(text) > MAX_LENGTH:
        raise ProofError(_("收件證明過長，不是本平臺發出的格式。"))
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or lines[0] != FORMAT:
        raise ProofError(_("第一行應為 %(format)s。") % {"format": FORMAT})
    fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    missing = [name for name in (*FIELDS, "signature") if name not in fields]
    if missing or len(lines) != len(FIELDS) + 2:
        raise ProofError(
            _("收件證明不完整或多出內容：應有 %(fields)s 各一行。") % {"fields": "、".join(FIELDS + ("signature",))}
        )
    key = _public_keys().get(fields["key"])
    if key is None:
        raise ProofError(_("收件證明的金鑰不是本平臺的簽章金鑰。"))
    body = _body(fields["received-at"], fields["content-sha256"], fields["nonce"], fields["key"])
    try:
        key.verify(base64.b64decode(fields["signature"], validate=True), body.encode())
    except (InvalidSignature, binascii.Error, ValueError):
        raise ProofError(_("簽章不符：收件證明的內容已被更動，或不是本平臺簽發。")) from None
    return FilingProof(
        received_at=dt.datetime.fromisoformat(fields["received-at"]),
        content_sha256=fields["content-sha256"],
        nonce=fields["nonce"],
    )


def public_key_pem() -> str:
    """The current signing key's public half, for checking proofs without the portal."""
    public = _private_key().public_key()
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(_raw(public)).hexdigest()[:16]


def _body(received_at: str, content: str, nonce: str, key: str) -> str:
    return "\n".join(
        [FORMAT, f"received-at: {received_at}", f"content-sha256: {content}", f"nonce: {nonce}", f"key: {key}"]
    )


def _commitment(nonce: str, summary: str, narrative: str) -> str:
    digest = hashlib.sha256(bytes.fromhex(nonce))
    text = f"{summary.strip()}\n{narrative.strip()}".replace("\r\n", "\n")  # as typed in any browser or editor
    digest.update(text.encode())
    return digest.hexdigest()


def _private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(settings.PROBITY_FILING_PROOF_KEY))


def _public_keys() -> dict[str, Ed25519PublicKey]:
    keys = [_private_key().public_key()] + [
        Ed25519PublicKey.from_public_bytes(base64.b64decode(old)) for old in settings.PROBITY_FILING_PROOF_OLD_KEYS
    ]
    return {key_id(key): key for key in keys}


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

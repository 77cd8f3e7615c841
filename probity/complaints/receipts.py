"""Receipt codes of portal complaints: 16 digits shown once, stored only as hashes.

Two hashes per code:

- ``receipt_index``: HMAC-SHA256 (keyed with SECRET_KEY) of the first 8 digits, truncated. It is a
  lookup key: checking a code reads the few rows sharing the prefix instead of scanning every row.
  Alone it cannot reveal the code: 10^8 codes share each prefix.
- ``receipt_hash``: scrypt of the whole code with a per-code salt, slow by design, so a stolen
  database (even with SECRET_KEY) costs an attacker an scrypt per guess of the other 8 digits.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

CODE_DIGITS = 16
INDEX_DIGITS = 8


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def normalise(text: str) -> str:
    """Visitors may type the code with spaces or dashes, as it is shown in groups of four."""
    return "".join(ch for ch in (text or "") if ch.isdigit())


def format_code(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def index_of(code: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), b"receipt:" + code[:INDEX_DIGITS].encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _params() -> tuple[int, int, int]:
    return (getattr(settings, "PROBITY_RECEIPT_SCRYPT_N", 2**14), 8, 1)


def slow_hash(code: str, *, salt: bytes | None = None, params: tuple[int, int, int] | None = None) -> str:
    n, r, p = params or _params()
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(code.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify(code: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, _digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = slow_hash(code, salt=bytes.fromhex(salt), params=(int(n), int(r), int(p)))
    return hmac.compare_digest(candidate, stored)

"""The identity vault: the only code that seals and opens a complainant's identity, and the statements
(筆錄) of oral complaints, which name the complainant as surely.

Identities are JSON sealed with MultiFernet over ``settings.PROBITY_IDENTITY_KEYS`` (newest first):
new seals use the newest key, and any listed key opens old ones, so rotation is "put the new key
first, run ``manage.py rotate_identity_keys``, drop the old key".
"""

import json
from dataclasses import asdict, dataclass

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.translation import gettext_lazy as _

FIELDS = {
    "name": _("姓名"),
    "id_number": _("身分證統一編號"),
    "phone": _("電話"),
    "address": _("地址"),
    "email": _("電子郵件"),
}


@dataclass(frozen=True)
class Identity:
    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def rows(self) -> list[tuple[object, str]]:
        return [(label, getattr(self, key)) for key, label in FIELDS.items()]

    def __repr__(self) -> str:  # never print an identity by accident (tracebacks, debug pages)
        return "Identity(<sealed>)"

    __str__ = __repr__


def _keys() -> MultiFernet:
    keys = list(settings.PROBITY_IDENTITY_KEYS)
    if not keys:
        raise RuntimeError("PROBITY_IDENTITY_KEYS is empty")
    return MultiFernet([Fernet(key) for key in keys])


def seal(identity: Identity) -> str:
    return seal_text(json.dumps(asdict(identity), ensure_ascii=False))


def open_sealed(ciphertext: str) -> Identity:
    data = json.loads(open_text(ciphertext))
    return Identity(**{key: data.get(key, "") for key in FIELDS})


def seal_text(text: str) -> str:
    return _keys().encrypt(text.encode("utf-8")).decode("ascii")


def open_text(ciphertext: str) -> str:
    return _keys().decrypt(ciphertext.encode("ascii")).decode("utf-8")


def reseal(ciphertext: str) -> str:
    """The same identity sealed with the newest key (MultiFernet.rotate)."""
    return _keys().rotate(ciphertext.encode("ascii")).decode("ascii")

"""A declarant's minor children as written on a form or in a file: 「王小明（A123456789）、王小華」.

The ID numbers matter beyond the declaration itself: the access-log audit reads them to flag a
declarant's lookups of their own spouse or children.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# 身分證統一編號, or the resident certificate number that shares its shape (second character a letter).
ID_PATTERN = re.compile(r"[A-Z][0-9A-Z][0-9]{8}")
_SEPARATORS = re.compile(r"[、,，;；\n]+")
_ENTRY = re.compile(r"(?P<name>[^\s（）()]+)\s*(?:[（(]\s*(?P<id>[^）)]*?)\s*[）)]|\s+(?P<bare>\S+))?")


def clean_id_number(value: str) -> str:
    """The ID number upper-cased, or ValidationError when it does not have the shape of one."""
    value = value.strip().upper()
    if not ID_PATTERN.fullmatch(value):
        raise ValidationError(_("身分證統一編號格式不正確。"))
    return value


def parse_children(text: str) -> list[dict[str, str]]:
    """Entries separated by 、 , ; or new lines; each a name, optionally followed by its ID number."""
    children = []
    errors = []
    for entry in (part.strip() for part in _SEPARATORS.split(text or "")):
        if not entry:
            continue
        match = _ENTRY.fullmatch(entry)
        if match is None:
            errors.append(_("「%(entry)s」應為姓名，或姓名後接括號內的身分證統一編號。") % {"entry": entry})
            continue
        id_number = (match["id"] or match["bare"] or "").strip().upper()
        if id_number and not ID_PATTERN.fullmatch(id_number):
            errors.append(_("「%(entry)s」的身分證統一編號格式不正確。") % {"entry": entry})
            continue
        children.append({"name": match["name"], "id_number": id_number})
    if errors:
        raise ValidationError(errors)
    return children


def format_children(children: list[dict[str, str]]) -> str:
    return "、".join(f"{c['name']}（{c['id_number']}）" if c.get("id_number") else c["name"] for c in children)

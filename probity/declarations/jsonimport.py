"""Import of declarations from JSON (format ``probity-declarations/1``), e.g. an export of PDPS data.

    {
      "format": "probity-declarations/1",
      "declarations": [
        {
          "declarant": {"id_number": "E123456789", "name": "王大明", "agency": "public-works",
                        "position": "科長", "category": "12", "took_office_on": "105/03/01",
                        "spouse": {"name": "林美玉", "id_number": "E223456789"},
                        "minor_children": [{"name": "王小明", "id_number": "E134567890"}]},
          "kind": "annual", "filing_year": 110,
          "declared_on": "110/11/01", "submitted_on": "110/12/03",
          "consented": true, "household_salary": 1650000,
          "items": [
            {"owner": "self", "category": "deposit", "identifier": "臺灣銀行",
             "description": "新臺幣存款", "value": 1250000},
            {"owner": "minor_child", "owner_name": "王小明", "category": "deposit",
             "identifier": "中華郵政", "value": 1010000}
          ]
        }
      ]
    }

``agency`` is the agency key or full name; dates are ROC (``110/11/01``) or ISO (``2021-11-01``);
codes are those of enums.py (``kind``, ``category``, ``owner``; the declarant ``category`` is the
Art 2 clause number). The whole file is checked first; any error means nothing is written and
every error is listed with its path (``declarations[3].items[1].value``). Declarants are created
when missing (same ID number, agency and position); a declaration already recorded (same
declarant, type and declaration date) is skipped, so a file can be imported twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from probity.core import roc
from probity.core.language import punctuation
from probity.declarations import domain, family
from probity.declarations.enums import AssetCategory, DeclarantCategory, DeclarationType, Owner
from probity.declarations.models import Declarant, Declaration
from probity.org.models import Agency
from probity.org.queries import agencies_writable_by

FORMAT = "probity-declarations/1"


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    skipped: int = 0
    declarants_created: int = 0


class _Checker:
    def __init__(self, agencies: dict[str, Agency]):
        self.agencies = agencies
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def date(self, path, value, required=True):
        if value in (None, ""):
            if required:
                self.error(path, _("必填日期沒有填寫"))
            return None
        text = str(value)
        try:
            return (
                dt.date.fromisoformat(text)
                if "-" in text and len(text) == 10 and text[4] == "-"
                else roc.parse_date(text)
            )
        except ValueError:
            self.error(path, _("「%(value)s」不是日期（請用 110/11/01 或 2021-11-01）") % {"value": text})
            return None

    def money(self, path, value, required=True):
        if value in (None, ""):
            if required:
                self.error(path, _("必填金額沒有填寫"))
            return None
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            self.error(path, _("「%(value)s」不是數字") % {"value": value})
            return None
        if not amount.is_finite() or amount < 0:
            self.error(path, _("金額不得為負數"))
            return None
        return amount.quantize(Decimal(1))

    def id_number(self, path, value, required=True) -> str:
        text = self.text(path, value, 10, required).upper()
        if text and not family.ID_PATTERN.fullmatch(text):
            self.error(path, _("「%(value)s」不是身分證統一編號") % {"value": text})
        return text

    def family(self, path, person) -> dict:
        """The optional spouse {name, id_number} and minor_children [{name, id_number}, …] of a declarant."""
        values = {}
        spouse = person.get("spouse")
        if isinstance(spouse, dict):
            values["spouse_name"] = self.text(f"{path}.spouse.name", spouse.get("name"), 60, required=False)
            values["spouse_id_number"] = self.id_number(f"{path}.spouse.id_number", spouse.get("id_number"), False)
        elif spouse is not None:
            self.error(f"{path}.spouse", _("應為物件"))
        children = person.get("minor_children")
        if isinstance(children, list):
            values["minor_children"] = [self._child(f"{path}.minor_children[{n}]", c) for n, c in enumerate(children)]
        elif children is not None:
            self.error(f"{path}.minor_children", _("應為清單"))
        return values

    def _child(self, path, child) -> dict:
        if not isinstance(child, dict):
            self.error(path, _("應為物件"))
            return {}
        return {
            "name": self.text(f"{path}.name", child.get("name"), 60),
            "id_number": self.id_number(f"{path}.id_number", child.get("id_number"), False),
        }

    def choice(self, path, value, choices):
        if value not in choices.values:
            self.error(
                path,
                _("「%(value)s」不是可用的代碼（%(codes)s）")
                % {"value": value, "codes": punctuation("list_sep").join(choices.values)},
            )
            return None
        return value

    def text(self, path, value, max_length, required=True):
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.error(path, _("必填欄位沒有填寫"))
        if len(text) > max_length:
            self.error(path, _("超過 %(limit)s 字上限") % {"limit": max_length})
        return text


def _clean(data, checker: _Checker) -> list[dict]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        checker.error("format", _("應為 %(format)s") % {"format": FORMAT})
        return []
    rows = data.get("declarations")
    if not isinstance(rows, list) or not rows:
        checker.error("declarations", _("應為非空的清單"))
        return []
    cleaned = []
    for index, row in enumerate(rows):
        path = f"declarations[{index}]"
        if not isinstance(row, dict):
            checker.error(path, _("應為物件"))
            continue
        person = row.get("declarant") or {}
        agency = checker.agencies.get(str(person.get("agency", "")))
        if agency is None:
            checker.error(
                f"{path}.declarant.agency",
                _("找不到機關「%(agency)s」，或不在您的權限範圍內") % {"agency": person.get("agency")},
            )
        declarant = {
            "id_number": checker.id_number(f"{path}.declarant.id_number", person.get("id_number")),
            "name": checker.text(f"{path}.declarant.name", person.get("name"), 60),
            "position": checker.text(f"{path}.declarant.position", person.get("position"), 80),
            "category": checker.choice(
                f"{path}.declarant.category", str(person.get("category", "")), DeclarantCategory
            ),
            "took_office_on": checker.date(f"{path}.declarant.took_office_on", person.get("took_office_on"), False),
            "agency": agency,
            **checker.family(f"{path}.declarant", person),
        }
        items = []
        for number, item in enumerate(row.get("items") or []):
            item_path = f"{path}.items[{number}]"
            owner = checker.choice(f"{item_path}.owner", item.get("owner"), Owner)
            owner_name = checker.text(
                f"{item_path}.owner_name", item.get("owner_name"), 60, required=owner == Owner.MINOR_CHILD
            )
            items.append(
                {
                    "owner": owner,
                    "owner_name": owner_name,
                    "category": checker.choice(f"{item_path}.category", item.get("category"), AssetCategory),
                    "identifier": checker.text(f"{item_path}.identifier", item.get("identifier"), 120, required=False),
                    "description": checker.text(
                        f"{item_path}.description", item.get("description"), 200, required=False
                    ),
                    "value": checker.money(f"{item_path}.value", item.get("value")),
                    "acquired_on": checker.date(f"{item_path}.acquired_on", item.get("acquired_on"), False),
                    "acquisition_price": checker.money(
                        f"{item_path}.acquisition_price", item.get("acquisition_price"), False
                    ),
                }
            )
        year = row.get("filing_year")
        if not isinstance(year, int) or not 90 <= year <= 200:
            checker.error(f"{path}.filing_year", _("應為民國年（整數）"))
        cleaned.append(
            {
                "declarant": declarant,
                "kind": checker.choice(f"{path}.kind", row.get("kind"), DeclarationType),
                "filing_year": year,
                "declared_on": checker.date(f"{path}.declared_on", row.get("declared_on")),
                "submitted_on": checker.date(f"{path}.submitted_on", row.get("submitted_on")),
                "consented": bool(row.get("consented")),
                "household_salary": checker.money(f"{path}.household_salary", row.get("household_salary"))
                or Decimal(0),
                "items": items,
            }
        )
    return cleaned


def import_declarations(data, *, actor) -> Report:
    """Check the whole document, then write it in one transaction, or write nothing."""
    writable = agencies_writable_by(actor) if actor is not None else Agency.objects.filter(is_active=True)
    agencies = {}
    for agency in writable:
        agencies[agency.key] = agency
        agencies[agency.name] = agency
    checker = _Checker(agencies)
    rows = _clean(data, checker)
    report = Report(errors=checker.errors)
    if report.errors:
        return report
    with transaction.atomic():
        for row in rows:
            person = row.pop("declarant")
            declarant = Declarant.objects.filter(
                id_number=person["id_number"], agency=person["agency"], position=person["position"]
            ).first()
            if declarant is None:
                declarant = domain.create_declarant(actor=actor, **person)
                report.declarants_created += 1
            if Declaration.objects.filter(
                declarant=declarant, kind=row["kind"], declared_on=row["declared_on"]
            ).exists():
                report.skipped += 1
                continue
            domain.record_declaration(actor=actor, declarant=declarant, **row)
            report.created += 1
    return report

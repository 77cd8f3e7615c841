"""Spreadsheet imports: declarants; declarations; their asset items. Each file is checked whole first."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from probity.core import imports
from probity.declarations import domain, family
from probity.declarations.enums import AssetCategory, DeclarantCategory, DeclarationType, Owner
from probity.declarations.models import AssetItem, Declarant, Declaration
from probity.org.queries import agencies_writable_by, unit_for_agency, units_writable_by


def _agency():
    return imports.lookup(
        lambda context: agencies_writable_by(context.actor),
        lambda agency: (agency.name, agency.short_name, agency.key),
        what=str(_("機關")),
        cache_key="agencies",
    )


def _id_number(raw, context) -> str:
    value = imports.text(10)(raw, context).upper()
    if not family.ID_PATTERN.fullmatch(value):
        raise imports.CellError(_("身分證統一編號格式不正確。"))
    return value


def _children(raw, context) -> list[dict[str, str]]:
    try:
        return family.parse_children(imports.text(400)(raw, context))
    except ValidationError as error:
        raise imports.CellError(" ".join(error.messages)) from None


def _declarants_by_id(context) -> dict[tuple[str, int], list[Declarant]]:
    def load():
        index: dict[tuple[str, int], list[Declarant]] = {}
        writable = units_writable_by(context.actor)
        for declarant in Declarant.objects.filter(unit__in=writable):
            index.setdefault((declarant.id_number, declarant.agency_id), []).append(declarant)
        return index

    return context.cached("declarants", load)


def _find_declarant(values, context) -> Declarant:
    found = _declarants_by_id(context).get((values["id_number"], values["agency"].pk), [])
    if not found:
        imports.Importer.fail("身分證統一編號", str(_("在此機關找不到這位申報義務人，或不在您的權限範圍內。")))
    return found[0]


ID_COLUMN = imports.Column("id_number", "身分證統一編號", _id_number, example="E123456789")
AGENCY_COLUMN = imports.Column("agency", "服務機關", _agency(), example="高雄市政府工務局")


@imports.register
class DeclarantImporter(imports.Importer):
    key = "declarants"
    label = _("申報義務人")
    permission = "declarations.manage"
    # This year's roster brings changed families, addresses and dates: it may update the declarants it names.
    updates = True
    columns = [
        imports.Column("name", "姓名", imports.text(60), example="王大明"),
        ID_COLUMN,
        AGENCY_COLUMN,
        imports.Column("position", "職稱", imports.text(80), example="科長"),
        imports.Column(
            "category",
            "申報義務類別",
            imports.choice(DeclarantCategory),
            example="12",
            help=_("財產申報法第2條第1項款次 1–13 或其名稱"),
        ),
        imports.Column("took_office_on", "到職日", imports.roc_date(), required=False, example="110/07/01"),
        imports.Column("left_office_on", "離職日", imports.roc_date(), required=False),
        imports.Column("acting_from", "代理起日", imports.roc_date(), required=False),
        imports.Column("concurrent_from", "兼任起日", imports.roc_date(), required=False),
        imports.Column("spouse_name", "配偶姓名", imports.text(60), required=False),
        imports.Column("spouse_id_number", "配偶身分證統一編號", _id_number, required=False),
        imports.Column(
            "minor_children",
            "未成年子女",
            _children,
            required=False,
            example="王小明（E123456789）",
            help=_("多人以頓號「、」分隔；姓名後可加括號註明身分證統一編號"),
        ),
        imports.Column("address", "戶籍地址", imports.text(200), required=False),
    ]

    def check_row(self, values, context):
        # Found while checking, once per agency: a file of many declarants asks for a few units only.
        agency = values["agency"]
        values["unit"] = context.cached(f"unit-for-agency:{agency.pk}", lambda: unit_for_agency(agency))
        if values["unit"] is None:
            self.fail(AGENCY_COLUMN.header, str(_("這個機關沒有政風機構受理申報。")))

    def natural_key(self, values):
        return (values["id_number"], values["agency"].pk, values["position"])

    def save(self, values, *, actor) -> bool:
        if self._existing(values).exists():
            return False
        domain.create_declarant(actor=actor, **_blanked(values))
        return True

    def update(self, values, *, actor) -> bool:
        declarant = self._existing(values).select_for_update().get()
        changes = {k: v for k, v in _blanked(values).items() if getattr(declarant, k) != v}
        if not changes:
            return False
        domain.update_declarant(declarant, actor=actor, **changes)
        return True

    @staticmethod
    def _existing(values):
        return Declarant.objects.filter(
            id_number=values["id_number"], agency=values["agency"], position=values["position"]
        )


BLANK_DECLARANT_VALUES = {"spouse_name": "", "spouse_id_number": "", "address": "", "minor_children": []}


def _blanked(values: dict) -> dict:
    """Empty optional cells as the record keeps them (empty text, no children)."""
    return {k: BLANK_DECLARANT_VALUES[k] if v is None and k in BLANK_DECLARANT_VALUES else v for k, v in values.items()}


@imports.register
class DeclarationImporter(imports.Importer):
    key = "declarations"
    label = _("財產申報")
    permission = "declarations.manage"
    columns = [
        ID_COLUMN,
        AGENCY_COLUMN,
        imports.Column("kind", "申報類別", imports.choice(DeclarationType), example="定期申報"),
        imports.Column("filing_year", "申報年度", imports.integer(90, 200), example="110"),
        imports.Column("declared_on", "申報日", imports.roc_date(), example="110/11/01"),
        imports.Column("submitted_on", "交件日", imports.roc_date(), example="110/12/10"),
        imports.Column("consented", "授權", imports.boolean(), example="是"),
        imports.Column(
            "household_salary",
            "全年薪資所得",
            imports.decimal(Decimal(0), places=0),
            example="1500000",
            help=_("本人、配偶及未成年子女合計"),
        ),
    ]

    def check_row(self, values, context):
        values["declarant"] = _find_declarant(values, context)
        if values["submitted_on"] < values["declared_on"]:
            self.fail("交件日", str(_("交件日不能早於申報日。")))

    def natural_key(self, values):
        return (values["id_number"], values["agency"].pk, values["kind"], values["declared_on"])

    def save(self, values, *, actor) -> bool:
        declarant = values.pop("declarant")
        if Declaration.objects.filter(
            declarant=declarant, kind=values["kind"], declared_on=values["declared_on"]
        ).exists():
            return False
        for name in ("id_number", "agency"):
            values.pop(name)
        domain.record_declaration(actor=actor, declarant=declarant, **values)
        return True


@imports.register
class AssetItemImporter(imports.Importer):
    key = "declaration-items"
    label = _("申報財產")
    permission = "declarations.manage"
    columns = [
        ID_COLUMN,
        AGENCY_COLUMN,
        imports.Column("kind", "申報類別", imports.choice(DeclarationType), example="定期申報"),
        imports.Column("declared_on", "申報日", imports.roc_date(), example="110/11/01"),
        imports.Column("owner", "所有人", imports.choice(Owner), example="本人"),
        imports.Column("owner_name", "所有人姓名", imports.text(60), required=False, help=_("未成年子女請填姓名")),
        imports.Column("category", "財產類別", imports.choice(AssetCategory), example="存款"),
        imports.Column(
            "identifier",
            "識別資料",
            imports.text(120),
            required=False,
            example="臺灣銀行",
            help=_("地號、建號、車牌、金融機構、發行者或保單號碼"),
        ),
        imports.Column("description", "說明", imports.text(200), required=False, example="新臺幣存款"),
        imports.Column("value", "價額", imports.decimal(Decimal(0), places=0), example="1200000"),
        imports.Column("acquired_on", "取得日", imports.roc_date(), required=False),
        imports.Column("acquisition_price", "取得價額", imports.decimal(Decimal(0), places=0), required=False),
    ]

    def check_row(self, values, context):
        declarant = _find_declarant(values, context)
        declaration = Declaration.objects.filter(
            declarant=declarant, kind=values["kind"], declared_on=values["declared_on"]
        ).first()
        if declaration is None:
            self.fail("申報日", str(_("找不到這份申報，請先匯入財產申報。")))
        if values["owner"] == Owner.MINOR_CHILD and not values["owner_name"]:
            self.fail("所有人姓名", str(_("未成年子女須填姓名。")))
        values["declaration"] = declaration

    def natural_key(self, values):
        return tuple(
            str(values[name])
            for name in (
                "id_number",
                "kind",
                "declared_on",
                "owner",
                "owner_name",
                "category",
                "identifier",
                "description",
                "value",
            )
        )

    def save(self, values, *, actor) -> bool:
        declaration = values.pop("declaration")
        for name in ("id_number", "agency", "kind", "declared_on"):
            values.pop(name)
        values = {
            k: ("" if v is None and k in ("owner_name", "identifier", "description") else v) for k, v in values.items()
        }
        if AssetItem.objects.filter(
            declaration=declaration,
            owner=values["owner"],
            owner_name=values["owner_name"],
            category=values["category"],
            identifier=values["identifier"],
            description=values["description"],
            value=values["value"],
        ).exists():
            return False
        domain.add_asset_item(declaration, actor=actor, **values)
        return True

"""Spreadsheet imports of recusals and relationship disclosures, written through the domain functions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from probity.conflicts import domain
from probity.conflicts.enums import (
    DealCategory,
    DisclosureMode,
    Exception_,
    RecusalDecision,
    RecusalKind,
    Relationship,
    TransactionType,
)
from probity.conflicts.models import Recusal, RelationshipDisclosure
from probity.core import imports
from probity.core.text import clauses
from probity.org.queries import agencies_writable_by

AGENCY = imports.lookup(
    lambda context: agencies_writable_by(context.actor),
    lambda agency: (agency.name, agency.short_name, agency.key),
    _("機關"),
    "writable-agencies",
)


def _write(function, **values) -> None:
    try:
        function(**values)
    except ValidationError as error:
        raise imports.CellError(clauses(*error.messages)) from None


@imports.register
class RecusalImporter(imports.Importer):
    key = "recusals"
    label = _("迴避案件")
    columns = [
        imports.Column("agency", "機關", AGENCY, example="高雄市政府工務局"),
        imports.Column("kind", "迴避類型", imports.choice(RecusalKind), example="自行迴避"),
        imports.Column("official_name", "公職人員姓名", imports.text(60)),
        imports.Column("official_title", "職稱", imports.text(60), example="科長"),
        imports.Column("matter", "迴避事項", imports.text(2000)),
        imports.Column("reason", "迴避原因", imports.text(2000), required=False),
        imports.Column("applicant", "申請人", imports.text(120), required=False, help=_("申請迴避必填")),
        imports.Column("filed_on", "日期", imports.roc_date(), example="110/08/10"),
        imports.Column("decision", "決定", imports.choice(RecusalDecision), required=False, example="迴避"),
        imports.Column("decided_on", "決定日期", imports.roc_date(), required=False),
        imports.Column("deputy", "職務代理人", imports.text(60), required=False),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["official_name"], values["filed_on"], values["matter"])

    def save(self, values, *, actor) -> bool:
        if Recusal.objects.filter(
            agency=values["agency"],
            official_name=values["official_name"],
            filed_on=values["filed_on"],
            matter=values["matter"],
        ).exists():
            return False
        _write(domain.record_recusal, actor=actor, **{k: v for k, v in values.items() if v is not None})
        return True


@imports.register
class DisclosureImporter(imports.Importer):
    key = "disclosures"
    label = _("身分關係揭露")
    columns = [
        imports.Column("agency", "辦理機關", AGENCY, example="高雄市政府社會局"),
        imports.Column("mode", "揭露方式", imports.choice(DisclosureMode), example="事後公開"),
        imports.Column("category", "類別", imports.choice(DealCategory), example="交易"),
        imports.Column("transaction_type", "交易類型", imports.choice(TransactionType), required=False, example="承攬"),
        imports.Column("official_name", "公職人員姓名", imports.text(60)),
        imports.Column("official_agency", "公職人員服務機關", imports.text(120)),
        imports.Column("official_title", "公職人員職稱", imports.text(60)),
        imports.Column("related_party_name", "關係人姓名或名稱", imports.text(120)),
        imports.Column("relationship", "關係", imports.choice(Relationship), example="二親等以內親屬"),
        imports.Column("business_id", "統一編號", imports.text(10), required=False),
        imports.Column("representative", "代表人", imports.text(60), required=False),
        imports.Column("roles_held", "擔任職務", imports.text(120), required=False),
        imports.Column("deal_name", "補助或交易名稱", imports.text(200)),
        imports.Column("concluded_on", "補助或交易日期", imports.roc_date(), example="110/09/01"),
        imports.Column("counterparty", "補助或交易對象", imports.text(120)),
        imports.Column("amount", "金額", imports.decimal(minimum=0, places=0), example="250000"),
        imports.Column("legal_basis", "法令依據", imports.text(200), required=False),
        imports.Column("exception", "例外款次", imports.choice(Exception_), example="1", help=_("1、2、3 或 6")),
        imports.Column("published_on", "公開日期", imports.roc_date(), required=False),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["deal_name"], values["concluded_on"], values["related_party_name"])

    def save(self, values, *, actor) -> bool:
        if RelationshipDisclosure.objects.filter(
            agency=values["agency"],
            deal_name=values["deal_name"],
            concluded_on=values["concluded_on"],
            related_party_name=values["related_party_name"],
        ).exists():
            return False
        values = {k: v for k, v in values.items() if v is not None}
        values["is_organisation"] = bool(values.get("business_id"))
        _write(domain.record_disclosure, actor=actor, **values)
        return True

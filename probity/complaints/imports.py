"""Spreadsheet import of historical complaints. The identity columns go straight into the vault."""

from django.utils.translation import gettext_lazy as _

from probity.complaints import domain, vault
from probity.complaints.enums import Category, Channel, Status
from probity.complaints.models import Complaint
from probity.core import imports
from probity.core.imports import Column, ImportContext
from probity.org.queries import agencies_writable_by, unit_for_agency, units_writable_by

IDENTITY_COLUMNS = ("identity_name", "identity_id_number", "identity_phone", "identity_address", "identity_email")


def _agencies(context: ImportContext):
    return agencies_writable_by(context.actor)


def _units(context: ImportContext):
    return units_writable_by(context.actor)


@imports.register
class HistoricalComplaintImporter(imports.Importer):
    key = "complaints"
    label = _("檢舉案件（歷史資料）")
    permission = "complaints.add_complaint"
    columns = [
        Column(
            "legacy_number",
            "原案號",
            imports.text(40),
            example="110廉檢字第0001號",
            help=_("原系統或紙本的案號，重新匯入時據以略過"),
        ),
        Column(
            "unit",
            "承辦政風機構",
            imports.lookup(_units, lambda u: [u.name], str(_("政風機構")), "units"),
            required=False,
            example="民政局政風室",
            help=_("空白時依被檢舉機關帶出"),
        ),
        Column(
            "agency",
            "被檢舉機關",
            imports.lookup(_agencies, lambda a: [a.name, a.short_name, a.key], str(_("機關")), "agencies"),
            example="民政局",
        ),
        Column("received_on", "收件日期", imports.roc_date(), example="110/07/05"),
        Column("channel", "來源管道", imports.choice(Channel), example="書面信函"),
        Column("is_anonymous", "匿名", imports.boolean(), example="否"),
        Column(
            "categories",
            "檢舉類別",
            imports.multi_choice(Category),
            example="圖利、採購弊端",
            help=_("多個類別以「、」分隔"),
        ),
        Column("summary", "案由", imports.text(200), example="某課員涉嫌於攤販管理圖利特定業者"),
        Column("narrative", "檢舉內容", imports.text(5000), required=False),
        Column(
            "subjects",
            "被檢舉人",
            imports.text(500),
            required=False,
            example="王大明/課員、李小華/股長",
            help=_("姓名/職稱，多人以「、」分隔"),
        ),
        Column("status", "處理結果", imports.choice(Status), example="澄清結案"),
        Column("closed_on", "結案日期", imports.roc_date(), required=False, example="110/09/30"),
        Column("referred_to", "移請機關", imports.text(120), required=False),
        Column("referral_doc_no", "移請文號", imports.text(60), required=False),
        Column("referred_on", "移請日期", imports.roc_date(), required=False),
        Column("acknowledged_on", "受理通知日期", imports.roc_date(), required=False),
        Column("outcome_notified_on", "結果通知日期", imports.roc_date(), required=False),
        Column(
            "identity_name",
            "檢舉人姓名",
            imports.text(60),
            required=False,
            help=_("加密存入身分保密區，不出現在清單與匯出"),
        ),
        Column("identity_id_number", "檢舉人身分證統一編號", imports.text(20), required=False),
        Column("identity_phone", "檢舉人電話", imports.text(40), required=False),
        Column("identity_address", "檢舉人地址", imports.text(200), required=False),
        Column("identity_email", "檢舉人電子郵件", imports.text(120), required=False),
    ]

    def check_row(self, values: dict, context: ImportContext) -> None:
        closed = values["status"] not in (Status.RECEIVED, Status.ACCEPTED, Status.INVESTIGATING)
        if closed and not values["closed_on"]:
            self.fail("結案日期", str(_("已結案的案件須填寫結案日期。")))
        if values["status"] == Status.REFERRED and not (
            values["referred_to"] and values["referral_doc_no"] and values["referred_on"]
        ):
            self.fail("移請機關", str(_("移請權責機關參處須填寫移請機關、文號及日期。")))
        if values["is_anonymous"] and any(values[key] for key in IDENTITY_COLUMNS):
            self.fail("匿名", str(_("匿名檢舉不應填寫檢舉人身分。")))
        unit = values["unit"] or unit_for_agency(values["agency"])
        if unit is None or not units_writable_by(context.actor).filter(pk=unit.pk).exists():
            self.fail("承辦政風機構", str(_("找不到承辦的政風機構，或不在您的權限範圍內。")))

    def natural_key(self, values: dict) -> tuple:
        return (values["legacy_number"],)

    def save(self, values: dict, *, actor) -> bool:
        unit = values["unit"] or unit_for_agency(values["agency"])
        if Complaint.objects.filter(unit=unit, legacy_number=values["legacy_number"]).exists():
            return False
        subjects = []
        for part in (values["subjects"] or "").replace("，", "、").split("、"):
            name, _sep, title = part.strip().partition("/")
            if name.strip():
                subjects.append(domain.SubjectData(name=name.strip(), title=title.strip(), agency=values["agency"]))
        identity = vault.Identity(
            name=values["identity_name"] or "",
            id_number=values["identity_id_number"] or "",
            phone=values["identity_phone"] or "",
            address=values["identity_address"] or "",
            email=values["identity_email"] or "",
        )
        case = domain.HistoricalCase(
            unit=unit,
            agency=values["agency"],
            channel=values["channel"],
            received_on=values["received_on"],
            is_anonymous=values["is_anonymous"],
            categories=values["categories"],
            summary=values["summary"],
            narrative=values["narrative"] or "",
            status=values["status"],
            closed_on=values["closed_on"],
            referred_to=values["referred_to"] or "",
            referral_doc_no=values["referral_doc_no"] or "",
            referred_on=values["referred_on"],
            acknowledged_on=values["acknowledged_on"],
            outcome_notified_on=values["outcome_notified_on"],
            legacy_number=values["legacy_number"],
            subjects=subjects,
            identity=None if identity.is_empty else identity,
        )
        domain.register_historical_complaints([case], actor=actor)
        return True

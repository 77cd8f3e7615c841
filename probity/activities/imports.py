"""Spreadsheet import of every activities record type through the core import framework.

Each row names its agency (全銜、簡稱 or 代號) among those the importing user may write for;
the owning ethics unit defaults to the unit serving the agency. Rows whose natural key is
already stored are skipped, so importing a file twice adds nothing.
"""

from django.utils.translation import gettext_lazy as _

from probity.activities import domain
from probity.activities.enums import (
    AlertOutcome,
    AlertSource,
    InspectionKind,
    MeetingKind,
    OutreachForm,
    OutreachTopic,
    ProposalStatus,
    ProposalType,
)
from probity.activities.models import Inspection, Meeting, Outreach, Proposal, ProtestAlert
from probity.core import imports
from probity.core.imports import Column
from probity.org.queries import agencies_writable_by, unit_for_agency, units_writable_by

PERMISSION = "activities.record_activities"

agency_parser = imports.lookup(
    lambda context: agencies_writable_by(context.actor),
    lambda agency: (agency.name, agency.short_name, agency.key),  # type: ignore[attr-defined]
    _("機關"),
    "activities-agencies",
)
unit_parser = imports.lookup(
    lambda context: units_writable_by(context.actor),
    lambda unit: (unit.name,),  # type: ignore[attr-defined]
    _("政風機構"),
    "activities-units",
)


def agency_column(example: str = "高雄市政府民政局") -> Column:
    return Column("agency", "機關", agency_parser, example=example, help=_("機關全銜、簡稱或代號，須在您的權限範圍內"))


def unit_column() -> Column:
    return Column(
        "unit", "政風機構", unit_parser, required=False, example="", help=_("空白時依機關自動帶入服務該機關的政風機構")
    )


class ActivityImporter(imports.Importer):
    """Shared checks: the owning unit is resolved from the agency and must be one the actor may write in."""

    permission = PERMISSION
    unit_header = "政風機構"

    def check_row(self, values, context) -> None:
        if "unit" not in values or values.get("agency") is None:
            return
        unit = values.get("unit") or context.cached(
            f"unit-of-{values['agency'].pk}", lambda: unit_for_agency(values["agency"])
        )
        writable = context.cached(
            "writable-unit-ids", lambda: set(units_writable_by(context.actor).values_list("pk", flat=True))
        )
        if unit is None:
            self.fail(self.unit_header, _("此機關沒有對應的政風機構，請填寫政風機構。"))
        if unit.pk not in writable:
            self.fail(self.unit_header, _("政風機構「%(unit)s」不在您的權限範圍內。") % {"unit": unit})
        values["unit"] = unit


@imports.register
class MeetingImporter(ActivityImporter):
    key = "meetings"
    label = _("會報（廉政會報、安全維護會報）")
    columns = [
        agency_column(),
        unit_column(),
        Column("date", "會議日期", imports.roc_date(), example="110/09/15", help=_("民國日期")),
        Column("seq_no", "次別", imports.integer(1, 999), example="3", help=_("第幾次會議，填數字")),
        Column(
            "kinds",
            "會報類別",
            imports.multi_choice(MeetingKind),
            example="廉政會報、安全維護會報",
            help=_("廉政會報、安全維護會報；合併召開時兩者都填，以頓號分隔"),
        ),
        Column("chair", "主持人", imports.text(60), required=False, example="局長陳志明"),
        Column(
            "external_members",
            "外聘委員",
            imports.text(500),
            required=False,
            example="王大明、李小華",
            help=_("以頓號分隔"),
        ),
        Column("notes", "會議重點", imports.text(2000), required=False, example="檢視機關廉政風險業務"),
    ]

    def check_row(self, values, context) -> None:
        super().check_row(values, context)
        if not values["kinds"]:
            self.fail("會報類別", _("請至少填一種會報類別。"))

    def natural_key(self, values):
        return (values["agency"].pk, values["date"], values["seq_no"])

    def save(self, values, *, actor) -> bool:
        agency, date, seq_no = values["agency"], values["date"], values["seq_no"]
        if Meeting.objects.filter(agency=agency, date=date, seq_no=seq_no).exists():
            return False
        kinds = values.pop("kinds")
        domain.create_meeting(
            actor=actor,
            agency=agency,
            unit=values["unit"],
            date=date,
            seq_no=seq_no,
            is_integrity=MeetingKind.INTEGRITY in kinds,
            is_security=MeetingKind.SECURITY in kinds,
            chair=values["chair"] or "",
            external_members=values["external_members"] or "",
            notes=values["notes"] or "",
        )
        return True


@imports.register
class ProposalImporter(ActivityImporter):
    key = "proposals"
    label = _("會報提案")
    columns = [
        agency_column(),
        Column("date", "會議日期", imports.roc_date(), example="110/09/15", help=_("所屬會報的日期")),
        Column("meeting_seq_no", "會議次別", imports.integer(1, 999), example="3", help=_("所屬會報的次別")),
        Column("seq_no", "案次", imports.integer(1, 999), required=False, example="1", help=_("空白時依序編號")),
        Column(
            "type",
            "類別",
            imports.choice(ProposalType),
            required=False,
            example="提案",
            help=_("報告案、提案、專題報告；空白為提案"),
        ),
        Column("title", "案由", imports.text(200), example="修正本機關廉政風險評估作業要點案"),
        Column("resolution", "決議", imports.text(2000), required=False, example="照案通過"),
        Column(
            "status",
            "追蹤情形",
            imports.choice(ProposalStatus),
            required=False,
            example="繼續列管",
            help=_("繼續列管、解除列管；空白為繼續列管"),
        ),
        Column("responsible_unit", "主(協)辦單位", imports.text(100), required=False, example="秘書室"),
    ]

    def check_row(self, values, context) -> None:
        writable = context.cached(
            "writable-unit-ids", lambda: set(units_writable_by(context.actor).values_list("pk", flat=True))
        )
        meeting = (
            Meeting.objects.filter(
                agency=values["agency"], date=values["date"], seq_no=values["meeting_seq_no"], unit_id__in=writable
            )
            .order_by("id")
            .first()
        )
        if meeting is None:
            self.fail("會議次別", _("找不到這個機關在該日期的這一次會報，請先匯入會報。"))
        values["meeting"] = meeting

    def natural_key(self, values):
        return (values["meeting"].pk, values["title"])

    def save(self, values, *, actor) -> bool:
        meeting = values["meeting"]
        if Proposal.objects.filter(meeting=meeting, title=values["title"]).exists():
            return False
        domain.add_proposal(
            meeting,
            actor=actor,
            seq_no=values["seq_no"],
            type=values["type"] or ProposalType.PROPOSAL,
            title=values["title"],
            resolution=values["resolution"] or "",
            status=values["status"] or ProposalStatus.TRACKING,
            responsible_unit=values["responsible_unit"] or "",
        )
        return True


def _or_blank(values: dict, *names: str) -> dict:
    return {name: values[name] if values[name] is not None else "" for name in names}


@imports.register
class OutreachImporter(ActivityImporter):
    key = "outreach"
    label = _("宣導及說明會")
    columns = [
        agency_column(),
        unit_column(),
        Column("date", "日期", imports.roc_date(), example="110/08/20"),
        Column(
            "topic",
            "主題",
            imports.choice(OutreachTopic),
            example="財產申報",
            help=_("廉政、財產申報、利益衝突迴避、公務機密維護、機關安全維護、其他"),
        ),
        Column(
            "form",
            "方式",
            imports.choice(OutreachForm),
            example="說明會",
            help=_("說明會、講習、宣導活動、媒體宣導、線上宣導"),
        ),
        Column("title", "名稱", imports.text(200), example="公職人員財產申報說明會"),
        Column("sessions", "場次", imports.integer(1, 1000), example="1"),
        Column("attendances", "參加人次", imports.integer(0, 1_000_000), example="85"),
        Column("audience", "對象", imports.text(200), required=False, example="財產申報義務人"),
        Column(
            "highlight",
            "辦理成效重點",
            imports.text(2000),
            required=False,
            example="說明申報注意事項並鼓勵使用授權服務",
            help=_("可供工作報告引用的文字"),
        ),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["date"], values["topic"], values["form"], values["title"])

    def save(self, values, *, actor) -> bool:
        keys = {name: values[name] for name in ("agency", "date", "topic", "form", "title")}
        if Outreach.objects.filter(**keys).exists():
            return False
        domain.create_outreach(
            actor=actor,
            unit=values["unit"],
            sessions=values["sessions"],
            attendances=values["attendances"],
            **keys,
            **_or_blank(values, "audience", "highlight"),
        )
        return True


@imports.register
class InspectionImporter(ActivityImporter):
    key = "inspections"
    label = _("檢查（保密、資訊稽核、機密文書、安全維護）")
    columns = [
        agency_column(),
        unit_column(),
        Column("date", "檢查日期", imports.roc_date(), example="110/10/05"),
        Column(
            "kind",
            "類別",
            imports.choice(InspectionKind),
            example="資訊系統使用管理稽核",
            help=_("公務機密維護檢查、資訊系統使用管理稽核、機密文書保管檢查、安全維護檢查"),
        ),
        Column("title", "檢查項目", imports.text(200), example="戶役政資訊系統使用管理稽核"),
        Column("scope", "檢查範圍", imports.text(2000), required=False, example="抽查當月查詢紀錄 1%"),
        Column("findings", "檢查發現", imports.text(2000), required=False, example="部分查詢未登載事由"),
        Column("recommendations", "改善建議", imports.text(2000), required=False, example="請業務單位補正查詢事由"),
        Column("follow_up_due", "追蹤期限", imports.roc_date(), required=False, example="110/12/05"),
        Column(
            "closed",
            "已結案",
            imports.boolean(),
            required=False,
            example="否",
            help=_("是：無須追蹤，以檢查日期結案；否或空白：追蹤改善至結案"),
        ),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["date"], values["kind"], values["title"])

    def save(self, values, *, actor) -> bool:
        keys = {name: values[name] for name in ("agency", "date", "kind", "title")}
        if Inspection.objects.filter(**keys).exists():
            return False
        domain.create_inspection(
            actor=actor,
            unit=values["unit"],
            closed=bool(values["closed"]),
            follow_up_due=values["follow_up_due"],
            **keys,
            **_or_blank(values, "scope", "findings", "recommendations"),
        )
        return True


@imports.register
class ProtestAlertImporter(ActivityImporter):
    key = "protest-alerts"
    label = _("陳抗情資")
    columns = [
        agency_column(),
        unit_column(),
        Column("date", "情資日期", imports.roc_date(), example="110/11/02"),
        Column(
            "source",
            "情資來源",
            imports.choice(AlertSource),
            example="業務單位",
            help=_("業務單位、媒體網路、警察機關、陳情文件、其他"),
        ),
        Column("subject", "陳抗事由", imports.text(200), example="自救會陳情反對開發案"),
        Column("expected_on", "預定陳抗日期", imports.roc_date(), required=False, example="110/11/10"),
        Column("location", "地點", imports.text(120), required=False, example="市政府四維行政中心"),
        Column("expected_size", "預估人數", imports.integer(0, 1_000_000), required=False, example="50"),
        Column("notified_head", "通報機關首長", imports.boolean(), required=False, example="是"),
        Column("notified_units", "通知業務單位", imports.boolean(), required=False, example="是"),
        Column("notified_police", "聯繫警察機關", imports.boolean(), required=False, example="否"),
        Column(
            "outcome",
            "處理結果",
            imports.choice(AlertOutcome),
            required=False,
            example="協助疏處",
            help=_("持續掌握中、協助疏處、陳抗已發生、取消；空白為持續掌握中"),
        ),
        Column("outcome_note", "處理情形", imports.text(2000), required=False, example="陳情人遞交陳情書後和平散去"),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["date"], values["subject"])

    def save(self, values, *, actor) -> bool:
        keys = {name: values[name] for name in ("agency", "date", "subject")}
        if ProtestAlert.objects.filter(**keys).exists():
            return False
        domain.create_protest_alert(
            actor=actor,
            unit=values["unit"],
            source=values["source"],
            expected_on=values["expected_on"],
            expected_size=values["expected_size"],
            notified_head=bool(values["notified_head"]),
            notified_units=bool(values["notified_units"]),
            notified_police=bool(values["notified_police"]),
            outcome=values["outcome"] or AlertOutcome.PENDING,
            **keys,
            **_or_blank(values, "location", "outcome_note"),
        )
        return True

"""Spreadsheet imports of prevention records; each row is written through the domain functions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from probity.core import imports
from probity.core.text import clauses
from probity.org.queries import agencies_writable_by
from probity.prevention import domain
from probity.prevention.enums import ActionChannel, ActionKind, DeedCategory, HighlightSection, Treatment
from probity.prevention.models import (
    EducationHighlight,
    IntegrityPlatform,
    PreventiveAction,
    RepreventionReport,
    Risk,
    RoleModelNomination,
    RoleModelSelection,
    SpecialAudit,
)
from probity.prevention.queries import default_matrix

AGENCY = imports.lookup(
    lambda context: agencies_writable_by(context.actor),
    lambda agency: (agency.name, agency.short_name, agency.key),
    _("機關"),
    "writable-agencies",
)


def _write(function, **values) -> None:
    """Call a domain function; a rule it enforces becomes the row's error and undoes the whole import."""
    try:
        function(**values)
    except ValidationError as error:
        raise imports.CellError(clauses(*error.messages)) from None


def _agency_column() -> imports.Column:
    return imports.Column("agency", "機關", AGENCY, example="高雄市政府工務局", help=_("機關全銜、簡稱或代號"))


def _level(count_of) -> imports.Parser:
    """A 1-based level number on the default matrix, stored 0-based."""

    def parse(raw, context):
        value = imports.integer(1, 99)(raw, context)
        matrix = context.cached("matrix", default_matrix)
        if value > count_of(matrix):
            raise imports.CellError(_("預設矩陣只有 %(count)s 級。") % {"count": count_of(matrix)})
        return value - 1

    return parse


@imports.register
class SpecialAuditImporter(imports.Importer):
    key = "special-audits"
    label = _("專案稽核")
    columns = [
        _agency_column(),
        imports.Column("title", "稽核名稱", imports.text(200), example="採購案件履約管理專案稽核"),
        imports.Column("business", "稽核業務", imports.text(200), example="工程採購履約管理"),
        imports.Column("audited_from", "稽核期間起", imports.roc_date(), example="110/01/01"),
        imports.Column("audited_to", "稽核期間迄", imports.roc_date(), example="110/06/30"),
        imports.Column("completed_on", "完成日期", imports.roc_date(), example="110/09/15"),
        imports.Column("team", "稽核小組", imports.text(300), required=False, example="政風室、會計室"),
        imports.Column("findings", "稽核發現", imports.text(4000), required=False),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["title"], values["completed_on"])

    def save(self, values, *, actor) -> bool:
        if SpecialAudit.objects.filter(
            agency=values["agency"], title=values["title"], completed_on=values["completed_on"]
        ).exists():
            return False
        _write(domain.create_special_audit, actor=actor, **{k: v for k, v in values.items() if v is not None})
        return True


@imports.register
class PreventiveActionImporter(imports.Importer):
    key = "preventive-actions"
    label = _("預警及導正作為")
    columns = [
        _agency_column(),
        imports.Column("kind", "類別", imports.choice(ActionKind), example="預警", help=_("預警、導正建議、興革建議")),
        imports.Column(
            "channel",
            "來源管道",
            imports.choice(ActionChannel),
            example="採購監辦",
            help=_("公文會辦、採購監辦、民情反映、稽核、檢舉"),
        ),
        imports.Column("raised_on", "提出日期", imports.roc_date(), example="110/08/02"),
        imports.Column("subject", "案由", imports.text(200), example="道路養護開口契約驗收程序"),
        imports.Column("finding", "發現事項", imports.text(4000), required=False),
        imports.Column("recommendation", "建議內容", imports.text(4000), required=False),
        imports.Column("doc_no", "公文文號", imports.text(60), required=False),
        imports.Column("adopted", "機關採納", imports.boolean(), required=False, example="是"),
        imports.Column("money_saved", "節省公帑", imports.decimal(minimum=0, places=0), required=False, example="0"),
        imports.Column("rule_changed", "修訂規章", imports.boolean(), required=False, example="否"),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["subject"], values["raised_on"])

    def save(self, values, *, actor) -> bool:
        if PreventiveAction.objects.filter(
            agency=values["agency"], subject=values["subject"], raised_on=values["raised_on"]
        ).exists():
            return False
        values = {k: v for k, v in values.items() if v is not None}
        values.setdefault("rule_changed", False)
        _write(domain.create_preventive_action, actor=actor, **values)
        return True


@imports.register
class RepreventionImporter(imports.Importer):
    key = "repreventions"
    label = _("再防貪報告")
    columns = [
        _agency_column(),
        imports.Column("title", "報告名稱", imports.text(200), example="○○局員工涉犯貪瀆案再防貪案"),
        imports.Column("issued_on", "完成日期", imports.roc_date(), example="110/10/20"),
        imports.Column("case_refs", "相關檢舉案號", imports.text(500), required=False, help=_("多個以、分隔")),
        imports.Column("referral_refs", "相關函送司法案號", imports.text(500), required=False),
        imports.Column("causes", "發生原因", imports.text(4000)),
        imports.Column("control_gaps", "作業缺漏", imports.text(4000), required=False),
        imports.Column("measures", "再防貪措施", imports.text(4000)),
        imports.Column("follow_up", "後續追蹤", imports.text(4000), required=False),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["title"])

    def save(self, values, *, actor) -> bool:
        if RepreventionReport.objects.filter(agency=values["agency"], title=values["title"]).exists():
            return False
        values = {k: v for k, v in values.items() if v is not None}
        for name in ("case_refs", "referral_refs"):
            if name in values:
                values[name] = "\n".join(part.strip() for part in values[name].split("、") if part.strip())
        _write(domain.create_reprevention_report, actor=actor, **values)
        return True


@imports.register
class PlatformImporter(imports.Importer):
    key = "integrity-platforms"
    label = _("廉政平臺")
    columns = [
        _agency_column(),
        imports.Column("name", "平臺名稱", imports.text(200)),
        imports.Column("project", "重大工程或採購案", imports.text(200)),
        imports.Column("launched_on", "成立日期", imports.roc_date(), example="110/09/10"),
        imports.Column("member_bodies", "參與機關團體", imports.text(2000), required=False, help=_("多個以、分隔")),
        imports.Column("background", "計畫緣起", imports.text(4000), required=False),
    ]

    def natural_key(self, values):
        return (values["name"],)

    def save(self, values, *, actor) -> bool:
        if IntegrityPlatform.objects.filter(name=values["name"]).exists():
            return False
        values = {k: v for k, v in values.items() if v is not None}
        if "member_bodies" in values:
            values["member_bodies"] = "\n".join(p.strip() for p in values["member_bodies"].split("、") if p.strip())
        _write(domain.create_platform, actor=actor, **values)
        return True


@imports.register
class HighlightImporter(imports.Importer):
    key = "education-highlights"
    label = _("廉潔教育成果")
    columns = [
        _agency_column(),
        imports.Column("title", "活動名稱", imports.text(200)),
        imports.Column("held_on", "辦理日期", imports.roc_date(), example="110/10/01"),
        imports.Column("section", "報告段落", imports.choice(HighlightSection), example="一(二)2 廉潔教育"),
        imports.Column("narrative", "成果敘述", imports.text(4000)),
    ]

    def natural_key(self, values):
        return (values["agency"].pk, values["title"], values["held_on"])

    def save(self, values, *, actor) -> bool:
        if EducationHighlight.objects.filter(
            agency=values["agency"], title=values["title"], held_on=values["held_on"]
        ).exists():
            return False
        _write(domain.create_highlight, actor=actor, **values)
        return True


def _selection(raw, context):
    year = imports.integer(1, 999)(raw, context)
    selection = RoleModelSelection.objects.filter(roc_year=year).first()
    if selection is None:
        raise imports.CellError(_("%(year)s年度的廉潔楷模選拔尚未建立。") % {"year": year})
    return selection


@imports.register
class NominationImporter(imports.Importer):
    key = "role-model-nominations"
    label = _("廉潔楷模推薦")
    columns = [
        imports.Column("selection", "年度", _selection, example="110"),
        imports.Column("agency", "被推薦人服務機關", AGENCY, example="高雄市政府工務局"),
        imports.Column("nominee", "被推薦人", imports.text(60)),
        imports.Column("title", "職稱", imports.text(60), example="技正"),
        imports.Column("deed_category", "事蹟類別", imports.choice(DeedCategory), example="防止貪瀆或節省公帑"),
        imports.Column("deeds", "具體事蹟", imports.text(4000)),
        imports.Column("nominated_on", "推薦日期", imports.roc_date(), example="110/02/20"),
    ]

    def natural_key(self, values):
        return (values["selection"].pk, values["agency"].pk, values["nominee"])

    def save(self, values, *, actor) -> bool:
        if RoleModelNomination.objects.filter(
            selection=values["selection"], agency=values["agency"], nominee=values["nominee"]
        ).exists():
            return False
        _write(domain.nominate, actor=actor, **values)
        return True


@imports.register
class RiskImporter(imports.Importer):
    key = "risks"
    label = _("廉政風險")
    columns = [
        _agency_column(),
        imports.Column("title", "風險項目", imports.text(200)),
        imports.Column("process", "業務流程", imports.text(200)),
        imports.Column(
            "inherent_likelihood", "固有可能性", _level(lambda m: len(m.likelihoods)), example="3", help=_("1 為最低")
        ),
        imports.Column("inherent_impact", "固有影響程度", _level(lambda m: len(m.impacts)), example="2"),
        imports.Column(
            "residual_likelihood", "殘餘可能性", _level(lambda m: len(m.likelihoods)), required=False, example="2"
        ),
        imports.Column(
            "residual_impact", "殘餘影響程度", _level(lambda m: len(m.impacts)), required=False, example="2"
        ),
        imports.Column("treatment", "處理方式", imports.choice(Treatment), example="降低"),
        imports.Column("owner", "風險負責人", imports.text(100), example="養護工程處處長"),
        imports.Column("assessed_on", "評估日期", imports.roc_date(), example="110/03/01"),
        imports.Column("next_review_on", "下次檢視日", imports.roc_date(), example="110/09/01"),
    ]

    def check_row(self, values, context):
        if (values["residual_likelihood"] is None) != (values["residual_impact"] is None):
            self.fail("殘餘影響程度", str(_("殘餘可能性與影響程度須同時填寫或同時留空。")))

    def natural_key(self, values):
        return (values["agency"].pk, values["title"], values["process"])

    def save(self, values, *, actor) -> bool:
        if Risk.objects.filter(agency=values["agency"], title=values["title"], process=values["process"]).exists():
            return False
        _write(domain.create_risk, actor=actor, matrix=default_matrix(), **values)
        return True

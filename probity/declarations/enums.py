"""Choices and the two workflow tables of asset declarations (draws and reviews)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeclarantCategory(models.TextChoices):
    """公職人員財產申報法 Art 2(1), categories 1–13."""

    PRESIDENT = "1", _("第1款 總統、副總統")
    YUAN_HEAD = "2", _("第2款 五院院長、副院長")
    POLITICAL = "3", _("第3款 政務人員")
    ADVISER = "4", _("第4款 有給職資政、國策顧問及戰略顧問")
    AGENCY_HEAD = "5", _("第5款 機關首長、副首長及簡任第十職等以上主管")
    SCHOOL_HEAD = "6", _("第6款 公立學校校長、副校長")
    MILITARY = "7", _("第7款 上校以上主官、副主官及主管")
    ELECTED_HEAD = "8", _("第8款 鄉鎮市長以上民選首長")
    REPRESENTATIVE = "9", _("第9款 各級民意機關民意代表")
    JUDICIAL = "10", _("第10款 法官、檢察官、行政執行官、軍法官")
    ETHICS_HEAD = "11", _("第11款 政風及軍事監察主管人員")
    SUPERVISOR = "12", _("第12款 特定業務主管人員")
    DESIGNATED = "13", _("第13款 其他經指定之人員")


class DeclarationType(models.TextChoices):
    ON_TAKING_OFFICE = "on_taking_office", _("就(到)職申報")
    ANNUAL = "annual", _("定期申報")
    ON_LEAVING = "on_leaving", _("卸(離)職申報")
    ACTING = "acting", _("代理申報")
    CONCURRENT = "concurrent", _("兼任申報")
    DESIGNATED = "designated", _("指定申報")
    TRUST = "trust", _("信託申報")
    CHANGE = "change", _("變動申報")
    CORRECTION = "correction", _("更正申報")


class FormalCheck(models.TextChoices):
    PENDING = "pending", _("待審核")
    PASSED = "passed", _("形式審核通過")
    CORRECTION_ORDERED = "correction_ordered", _("限期補正")
    CORRECTED = "corrected", _("已補正")
    RECORDED = "recorded", _("逾期未補正，作成紀錄")


class Owner(models.TextChoices):
    SELF = "self", _("本人")
    SPOUSE = "spouse", _("配偶")
    MINOR_CHILD = "minor_child", _("未成年子女")


class AssetCategory(models.TextChoices):
    LAND = "land", _("土地")
    BUILDING = "building", _("建物")
    SHIP = "ship", _("船舶")
    CAR = "car", _("汽車")
    AIRCRAFT = "aircraft", _("航空器")
    CASH = "cash", _("現金")
    DEPOSIT = "deposit", _("存款")
    SECURITY = "security", _("有價證券")
    VALUABLE = "valuable", _("珠寶、古董、字畫及其他具有相當價值之財產")
    INSURANCE = "insurance", _("保險")
    CLAIM = "claim", _("債權")
    DEBT = "debt", _("債務")
    INVESTMENT = "investment", _("事業投資")


class Rounding(models.TextChoices):
    CEILING = "ceiling", _("無條件進位")
    HALF_UP = "half_up", _("四捨五入")
    FLOOR = "floor", _("無條件捨去")


class ComparisonBase(models.TextChoices):
    TOTAL = "total", _("全體申報人")
    DRAWN = "drawn", _("抽中實質審查者")


class DrawState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("名冊已凍結公告")
    DRAWN = "drawn", _("已抽籤")
    CANCELLED = "cancelled", _("已作廢")


# state → {action: next state}. The only writer of Draw.state is domain.transition_draw.
DRAW_TRANSITIONS: dict[str, dict[str, str]] = {
    DrawState.DRAFT: {"publish": DrawState.PUBLISHED, "cancel": DrawState.CANCELLED},
    DrawState.PUBLISHED: {"draw": DrawState.DRAWN, "cancel": DrawState.CANCELLED},
    DrawState.DRAWN: {},
    DrawState.CANCELLED: {},
}


class ReviewKind(models.TextChoices):
    DRAWN = "drawn", _("一定比例抽查")
    COMPARISON = "comparison", _("前後年度比對")
    CASE = "case", _("個案查核")


class ReviewState(models.TextChoices):
    OPEN = "open", _("查核中")
    EXPLANATION_REQUESTED = "explanation_requested", _("通知說明中")
    EXPLAINED = "explained", _("已提出說明")
    CONCLUDED = "concluded", _("已審查完畢")


REVIEW_TRANSITIONS: dict[str, dict[str, str]] = {
    ReviewState.OPEN: {"request_explanation": ReviewState.EXPLANATION_REQUESTED, "conclude": ReviewState.CONCLUDED},
    ReviewState.EXPLANATION_REQUESTED: {"record_explanation": ReviewState.EXPLAINED, "conclude": ReviewState.CONCLUDED},
    ReviewState.EXPLAINED: {"conclude": ReviewState.CONCLUDED},
    ReviewState.CONCLUDED: {},
}


class DiscrepancyKind(models.TextChoices):
    OMITTED = "omitted", _("漏報")
    UNDER_STATED = "under_stated", _("短報")
    OVER_STATED = "over_stated", _("溢報")


class Finding(models.TextChoices):
    NO_ISSUE = "no_issue", _("查無不符")
    UNINTENTIONAL = "unintentional", _("非故意，附正確資料對照表")
    INTENTIONAL = "intentional", _("故意申報不實，移送法務部裁罰")


class FineStatus(models.TextChoices):
    NONE = "none", _("無")
    REFERRED = "referred", _("已移送法務部")
    IMPOSED = "imposed", _("已裁處")
    PAID = "paid", _("已繳納")
    WAIVED = "waived", _("不予處罰")

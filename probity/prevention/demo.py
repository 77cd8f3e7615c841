"""Demo prevention records for 109H1–111H1.

110H2 gives the seed report's figures: 13 special audits, 18 warnings and corrective recommendations
(公文會辦, 採購監辦, 民情反映), 4 re-prevention reports, the 特貿三 urban-renewal integrity platform, the
education highlights the report quotes, and the 110 role-model selection (22 agencies, 43 nominees,
15 selected). Other half-years differ. Every record is written through the domain functions with
``actor=None``; a record already present (same agency, title and date) is left alone, so loading twice
changes nothing.

``bench_data`` bulk-writes the same plan, scaled, for the report benchmark (bench/reports_build.py).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from probity.core.demo import register
from probity.core.roc import Period, parse_date, to_ad_year
from probity.org.models import Agency, EthicsUnit
from probity.org.queries import unit_for_agency
from probity.prevention import domain
from probity.prevention.enums import (
    ActionChannel,
    ActionKind,
    DeedCategory,
    HighlightSection,
    NominationStatus,
    PlatformStatus,
    RecommendationStatus,
    SelectionStage,
    Treatment,
)
from probity.prevention.models import (
    EducationHighlight,
    IntegrityPlatform,
    PreventiveAction,
    RepreventionReport,
    Risk,
    RiskMatrix,
    RoleModelNomination,
    RoleModelSelection,
    SpecialAudit,
)
from probity.prevention.queries import default_matrix

PERIODS = [Period(109, 1), Period(109, 2), Period(110, 1), Period(110, 2), Period(111, 1)]
SEED_PERIOD = Period(110, 2)
# Per half-year: special audits, warnings and corrective recommendations, reform proposals, re-prevention reports.
PLAN = {
    "109H1": (9, 14, 3, 2),
    "109H2": (11, 16, 2, 3),
    "110H1": (12, 15, 4, 5),
    "110H2": (13, 18, 3, 4),
    "111H1": (10, 20, 2, 3),
}
# The 110H2 report names these three channels for its 18 cases.
SEED_CHANNELS = [ActionChannel.DOCUMENT_REVIEW, ActionChannel.PROCUREMENT, ActionChannel.PUBLIC_FEEDBACK]
# Role-model selections: year -> (agencies nominating, nominees, selected, announcement date).
SELECTIONS = {109: (20, 38, 13, "109/11/20"), 110: (22, 43, 15, "110/11/26")}

AUDIT_TOPICS = [
    ("工程採購履約管理", "抽查履約進度、估驗計價與變更設計程序"),
    ("公有市場攤位管理", "檢視攤位分配、租金收繳與違規處理"),
    ("補助款核銷作業", "抽核補助案件核銷憑證與成果報告"),
    ("違章建築查報拆除", "檢視查報案件排序與拆除執行紀錄"),
    ("停車場委外經營", "查核權利金計收與履約督導"),
    ("物品採購驗收", "抽查小額採購驗收紀錄與財產登記"),
    ("社會福利津貼審核", "抽核申請資格審查與異動追蹤"),
    ("環境稽查取締", "檢視稽查案件處分與陳情處理"),
    ("道路挖掘管理", "檢視路證核發、回填品質與罰款"),
    ("廣告物管理", "抽查廣告物許可與違規拆除"),
    ("資訊設備財產管理", "盤點資訊設備與報廢程序"),
    ("規費收取作業", "檢視規費開徵、收繳與退費"),
    ("臨時人員進用", "查核甄選程序與進用資格"),
]
ACTION_SUBJECTS = [
    "開口契約驗收程序未落實",
    "招標規格疑有限制競爭",
    "補助案件審查欠缺迴避機制",
    "陳情反映工地夜間施工擾民",
    "採購底價訂定欠缺分析",
    "辦公室鑰匙及門禁卡管理",
    "公務車輛使用登記不全",
    "民眾反映櫃檯收費未開收據",
    "會辦公文涉及與關係人交易",
    "變更設計追加預算理由不足",
    "臨櫃業務久候及代辦業者介入",
    "獎補助申請文件造假風險",
]
REPREVENTION_TITLES = [
    "{agency}員工涉犯貪瀆案再防貪案",
    "{agency}採購人員收受不正利益案再防貪案",
    "{agency}補助款浮報核銷案再防貪案",
    "{agency}公務機密外洩案再防貪案",
    "{agency}違章查報人員違失案再防貪案",
]
WORK_AGENCIES = [
    "public-works",
    "urban-dev",
    "econ-dev",
    "social-affairs",
    "env-protection",
    "transportation",
    "land-admin",
    "water-resources",
    "education",
    "health",
    "police",
    "fire",
    "mrt",
    "agriculture",
    "marine",
    "cultural-affairs",
    "tourism",
    "labor",
    "finance",
    "civil-affairs",
]
NOMINEE_SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高"
NOMINEE_GIVEN = ["志明", "淑芬", "家豪", "雅婷", "俊傑", "怡君", "建宏", "美玲", "冠宇", "佳蓉", "宗翰", "惠雯"]
TITLES = ["科員", "技士", "技正", "股長", "專員", "課長", "稽查員", "辦事員", "科長", "主任"]
SELECTED_NOTE = "事蹟具體，足為表率。"

PLATFORM_NAME = "「多功能經貿園區特貿三都市更新事業實施者案」廉政平臺"


def _agency(key: str) -> Agency:
    return Agency.objects.get(key=key)


def _spread(period: Period, count: int, index: int) -> dt.date:
    """The ``index``-th of ``count`` dates spread through the half-year (never two on one day)."""
    step = 170 // max(count, 1)
    return period.first_day + dt.timedelta(days=3 + index * step)


def _audit_fields(period: Period, index: int, agency: Agency, completed_on: dt.date) -> dict:
    business, plan = AUDIT_TOPICS[(index + period.roc_year + period.half) % len(AUDIT_TOPICS)]
    return {
        "title": f"{agency.short_name}{business}專案稽核",
        "business": business,
        "plan": plan,
        "audited_from": completed_on - dt.timedelta(days=240),
        "audited_to": completed_on - dt.timedelta(days=60),
        "team": f"{agency.short_name}政風室、會計室、業務單位",
        "completed_on": completed_on,
        "findings": f"{business}部分案件文件不全、程序未依規定辦理，存有弊端風險。",
        "agency_reply": "機關已函復將檢討作業流程並加強內部控制。",
    }


def _load_audits(rng: random.Random, period: Period, count: int) -> list[SpecialAudit]:
    audits = []
    for index in range(count):
        agency = _agency(WORK_AGENCIES[(index * 3 + period.half) % len(WORK_AGENCIES)])
        fields = _audit_fields(period, index, agency, _spread(period, count, index))
        audit = SpecialAudit.objects.filter(
            agency=agency, title=fields["title"], completed_on=fields["completed_on"]
        ).first()
        if audit is None:
            audit = domain.create_special_audit(actor=None, agency=agency, **fields)
            _load_recommendations(rng, audit)
        audits.append(audit)
    return audits


def _load_recommendations(rng: random.Random, audit: SpecialAudit) -> None:
    texts = ["訂定標準作業程序並落實分層檢核", "建立定期抽查與異常通報機制", "強化承辦人員法令教育訓練"]
    for number, text in enumerate(texts[: rng.randint(1, 3)]):
        recommendation = domain.add_recommendation(
            audit, actor=None, text=text, reply_due=audit.completed_on + dt.timedelta(days=60 + number * 30)
        )
        outcome = rng.random()
        answered_on = recommendation.reply_due - dt.timedelta(days=10)
        if outcome < 0.6:
            domain.track_recommendation(recommendation, actor=None, to=RecommendationStatus.ADOPTED, on=answered_on)
        elif outcome < 0.75:
            domain.track_recommendation(
                recommendation,
                actor=None,
                to=RecommendationStatus.REJECTED,
                on=answered_on,
                reason="涉及跨機關權責，現行人力無法辦理，改以加強宣導替代。",
            )
        elif outcome < 0.9 and recommendation.reply_due < dt.date(2022, 6, 30):
            domain.track_recommendation(
                recommendation,
                actor=None,
                to=RecommendationStatus.OVERDUE,
                on=recommendation.reply_due + dt.timedelta(days=1),
            )


def _action_kind(index: int, warnings: int) -> ActionKind:
    """The plan's first ``warnings`` actions alternate early warning and correction; the rest are reform proposals."""
    if index >= warnings:
        return ActionKind.REFORM_PROPOSAL
    return ActionKind.EARLY_WARNING if index % 2 == 0 else ActionKind.CORRECTIVE


def _action_channel(period: Period, index: int, kind: ActionKind) -> ActionChannel:
    if period == SEED_PERIOD or kind == ActionKind.REFORM_PROPOSAL:
        return SEED_CHANNELS[index % len(SEED_CHANNELS)]
    return list(ActionChannel)[index % len(ActionChannel)]


def _action_fields(period: Period, index: int, warnings: int, raised_on: dt.date) -> dict:
    """What an action says, without its outcome (see ``_action_outcome``)."""
    kind = _action_kind(index, warnings)
    channel = _action_channel(period, index, kind)
    subject = ACTION_SUBJECTS[(index + period.half) % len(ACTION_SUBJECTS)]
    return {
        "kind": kind,
        "channel": channel,
        "raised_on": raised_on,
        "subject": subject,
        "finding": f"經由{channel.label}發現：{subject}，恐衍生弊端或浪費。",
        "recommendation": "建議機關檢討作業程序，落實內部控制並追蹤改善情形。",
        "doc_no": f"高市政風字第{period.roc_year}{index + 1:04d}號",
    }


def _action_outcome(rng: random.Random) -> dict:
    adopted = rng.random() < 0.8
    return {
        "adopted": adopted,
        "money_saved": Decimal(rng.choice([0, 0, 35_000, 120_000, 480_000, 1_250_000])) if adopted else None,
        "rule_changed": adopted and rng.random() < 0.4,
        "effect": "機關已採納並修正作業流程。" if adopted else "",
    }


def _load_actions(rng: random.Random, period: Period, warnings: int, reforms: int, audits) -> None:
    total = warnings + reforms
    for index in range(total):
        agency = _agency(WORK_AGENCIES[(index * 7 + period.roc_year) % len(WORK_AGENCIES)])
        fields = _action_fields(period, index, warnings, _spread(period, total, index))
        if PreventiveAction.objects.filter(
            agency=agency, subject=fields["subject"], raised_on=fields["raised_on"]
        ).exists():
            continue
        domain.create_preventive_action(
            actor=None,
            agency=agency,
            **fields,
            **_action_outcome(rng),
            audit=audits[index % len(audits)] if fields["channel"] == ActionChannel.AUDIT and audits else None,
        )


def _reprevention_fields(period: Period, index: int, agency: Agency, issued_on: dt.date) -> dict:
    title = REPREVENTION_TITLES[(index + period.half) % len(REPREVENTION_TITLES)]
    return {
        "title": title.format(agency=agency.short_name),
        "issued_on": issued_on,
        "case_refs": f"{period.roc_year}政檢{index + 11:03d}",
        "referral_refs": f"{period.roc_year}函送{index + 1:03d}" if index % 2 == 0 else "",
        "causes": "承辦人員久任同一職務，主管未落實分層審核，案件資訊未公開透明。",
        "control_gaps": "驗收與付款由同一人辦理；缺乏定期輪調與抽查機制。",
        "measures": "落實職務輪調、驗收與付款分離、建立雙人複核及資訊公開。",
        "follow_up": "政風室每季追蹤改善措施執行情形，列入廉政會報報告。",
    }


def _load_repreventions(period: Period, count: int) -> None:
    for index in range(count):
        agency = _agency(WORK_AGENCIES[(index * 5 + period.roc_year + period.half) % len(WORK_AGENCIES)])
        fields = _reprevention_fields(period, index, agency, _spread(period, count, index))
        if RepreventionReport.objects.filter(agency=agency, title=fields["title"]).exists():
            continue
        domain.create_reprevention_report(actor=None, agency=agency, **fields)


def _load_platforms() -> None:
    platforms = [
        (
            "urban-dev",
            PLATFORM_NAME,
            "多功能經貿園區特貿三都市更新事業實施者案",
            "110/09/15",
            "高雄市政府都市發展局\n高雄市政府政風處\n法務部廉政署\n法務部調查局高雄市調查處\n臺灣高雄地方檢察署\n"
            "高雄市政府法制局\n高雄市政府主計處\n專家學者",
            "特貿三都市更新案為本府重大招商政策，為使實施者甄選及履約過程公開透明，以跨域合作、公私協力、"
            "行政透明及全民監督之精神成立廉政平臺。",
            "已完成實施者公開評選並簽約，定期召開聯繫會議檢視潛存風險，並於資訊公開專區發布辦理情形。",
            [
                (
                    "110/09/15",
                    "廉政平臺成立暨第1次聯繫會議",
                    "確認平臺運作方式及資訊公開專區架構；檢視評選作業潛存風險。",
                ),
                ("110/11/10", "第2次聯繫會議", "檢視評選委員遴選與迴避機制；討論契約履約管理重點。"),
                ("111/03/22", "第3次聯繫會議", "追蹤實施者履約進度及都市更新事業計畫審議時程。"),
            ],
            [
                (
                    "110/09/16",
                    "廉政平臺成立新聞稿",
                    "都市發展局與政風處共同成立特貿三都更案廉政平臺，相關資訊將定期公開。",
                )
            ],
        ),
        (
            "mrt",
            "「高雄捷運黃線建設計畫」廉政平臺",
            "高雄捷運黃線建設計畫",
            "111/03/08",
            "高雄市政府捷運工程局\n高雄市政府政風處\n法務部廉政署\n行政院公共工程委員會",
            "捷運黃線為本府重大交通建設，成立廉政平臺以防範採購及施工弊端。",
            "辦理統包工程招標前風險評估。",
            [("111/03/08", "廉政平臺成立會議", "說明平臺任務分工及採購程序風險。")],
            [],
        ),
    ]
    for key, name, project, launched, members, background, progress, meetings, notices in platforms:
        if IntegrityPlatform.objects.filter(name=name).exists():
            continue
        platform = domain.create_platform(
            actor=None,
            agency=_agency(key),
            name=name,
            project=project,
            launched_on=parse_date(launched),
            status=PlatformStatus.ACTIVE,
            member_bodies=members,
            background=background,
            progress=progress,
            is_public=True,
        )
        for held_on, title, minutes in meetings:
            domain.add_platform_meeting(platform, actor=None, held_on=parse_date(held_on), title=title, minutes=minutes)
        for published_on, title, body in notices:
            domain.add_platform_notice(
                platform, actor=None, published_on=parse_date(published_on), title=title, body=body
            )


HIGHLIGHTS = [
    (
        "urban-dev",
        "110/09/15",
        HighlightSection.PLATFORM,
        "協助成立「多功能經貿園區特貿三都市更新事業實施者案」廉政平臺",
        "以跨域合作、公私協力、行政透明及全民監督之精神，協助本府都市發展局成立「多功能經貿園區特貿三都市更新事業實施者案」"
        "廉政平臺，透過召開聯繫會議及建置資訊公開專區，共同討論潛存風險研商解決，並主動發布訊息供外界檢視。",
    ),
    (
        "ethics",
        "110/10/05",
        HighlightSection.EDUCATION,
        "「當我們廉在一起2─百年傳誠‧誠載多元」活動",
        "以創新及優化廉潔教育，落實誠信教育扎根與普及之理念，辦理「當我們廉在一起2─百年傳誠‧誠載多元」活動。",
    ),
    (
        "ethics",
        "110/10/20",
        HighlightSection.EDUCATION,
        "誠信繪本《我是雄赳赳》及「Amma say」廉政歌曲音樂影片",
        "創作推廣誠信繪本《我是雄赳赳》及「Amma say」廉政歌曲音樂影片。",
    ),
    (
        "ethics",
        "110/11/12",
        HighlightSection.EDUCATION,
        "誠信助攻偏鄉圓夢計畫",
        "前往偏鄉小學推動「誠信助攻偏鄉圓夢計畫」，帶領偏鄉學童以誠信價值串聯概念，結合在地特色發想，進行繪畫創作，"
        "並協助編輯出版電子畫冊，一圓畫家夢想。",
    ),
    (
        "education",
        "110/11/30",
        HighlightSection.STUDENTS,
        "小市長選舉候選人簽署誠信宣言",
        "結合高雄市國民小學「小市長選舉」活動辦理候選人簽署誠信宣言，透過小市長候選人與其競選團隊正向積極落實品格誠信"
        "並傳達於每位學童，從小深植扎根培養民主素養並深化「廉潔誠信」概念。",
    ),
    (
        "ethics",
        "110/04/16",
        HighlightSection.EDUCATION,
        "「當我們廉在一起」誠信校園巡迴",
        "結合國民小學辦理誠信品格教育巡迴活動。",
    ),
    (
        "ethics",
        "111/05/06",
        HighlightSection.EDUCATION,
        "企業誠信論壇",
        "邀集在地企業辦理企業誠信論壇，推廣企業倫理與誠信經營。",
    ),
]


def _load_highlights() -> None:
    for order, (key, held_on, section, title, narrative) in enumerate(HIGHLIGHTS):
        agency = _agency(key)
        day = parse_date(held_on)
        if EducationHighlight.objects.filter(agency=agency, title=title, held_on=day).exists():
            continue
        domain.create_highlight(
            actor=None, agency=agency, title=title, held_on=day, section=section, narrative=narrative, sort_order=order
        )


def _nominating_agencies() -> list[Agency]:
    """First-level agencies other than the 政風處 itself, in the city's order."""
    return list(Agency.objects.filter(depth=1, is_active=True).exclude(key="ethics").order_by("sort_order", "path"))


def _nomination_counts(agencies: list[Agency], nominees: int) -> dict[int, int]:
    """Nominees per agency: one each, then more in turn up to each agency's quota (so at most all quotas)."""
    quotas = {agency.pk: domain.nomination_quota(agency) for agency in agencies}
    nominees = min(nominees, sum(quotas.values()))
    counts = {agency.pk: 1 for agency in agencies}
    while sum(counts.values()) < nominees:
        for agency in agencies:
            if sum(counts.values()) < nominees and counts[agency.pk] < quotas[agency.pk]:
                counts[agency.pk] += 1
    return counts


def _nomination_fields(rng: random.Random, year: int, agency: Agency, number: int) -> dict:
    """The ``number``-th nominee of ``agency`` (0-based) in the ``year`` selection."""
    return {
        "nominee": rng.choice(NOMINEE_SURNAMES) + rng.choice(NOMINEE_GIVEN),
        "title": rng.choice(TITLES),
        "deed_category": list(DeedCategory)[(number + agency.sort_order) % len(DeedCategory)],
        "deeds": "任職期間廉潔自持，拒絕廠商餽贈並主動簽報政風單位，協助機關健全採購作業流程。",
        "nominated_on": parse_date(f"{year}/02/{20 + number}"),
    }


def _load_selection(rng: random.Random, year: int, agencies_count: int, nominees: int, selected: int, announced: str):
    if RoleModelSelection.objects.filter(roc_year=year).exists():
        return
    department = EthicsUnit.objects.get(parent__isnull=True)
    selection = domain.open_selection(
        actor=None, unit=department, roc_year=year, nomination_deadline=parse_date(f"{year}/02/28")
    )
    agencies = _nominating_agencies()[:agencies_count]
    counts = _nomination_counts(agencies, nominees)
    nominations = [
        domain.nominate(actor=None, selection=selection, agency=agency, **_nomination_fields(rng, year, agency, number))
        for agency in agencies
        for number in range(counts[agency.pk])
    ]
    day = parse_date(announced)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FIRST_REVIEW, on=day - dt.timedelta(days=60))
    chosen = rng.sample(nominations, selected)
    shortlisted = chosen + [n for n in nominations if n not in chosen][: selected // 2]
    for nomination in shortlisted:
        domain.review_nomination(nomination, actor=None, to=NominationStatus.SHORTLISTED)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FINAL_REVIEW, on=day - dt.timedelta(days=20))
    for nomination in chosen:
        domain.review_nomination(nomination, actor=None, to=NominationStatus.SELECTED, note=SELECTED_NOTE)
    domain.advance_selection(selection, actor=None, to=SelectionStage.ANNOUNCED, on=day)


def _load_matrix() -> None:
    if RiskMatrix.objects.filter(name="工程採購 4×3 矩陣").exists():
        return
    domain.create_matrix(
        actor=None,
        name="工程採購 4×3 矩陣",
        likelihoods=["罕見", "偶爾", "可能", "經常"],
        impacts=["輕微", "中度", "重大"],
        levels=["低", "中", "高", "極高"],
        colors=["#66bb6a", "#ffca28", "#fb8c00", "#c62828"],
        grid=[[0, 0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 3]],
    )


RISKS = [
    ("public-works", "驗收人員與廠商勾串", "工程驗收", 2, 2, 1, 1, Treatment.MITIGATE),
    ("public-works", "變更設計圖利廠商", "變更設計", 1, 2, 1, 1, Treatment.MITIGATE),
    ("urban-dev", "都更實施者評選資訊外洩", "實施者甄選", 1, 2, 0, 2, Treatment.MITIGATE),
    ("econ-dev", "市場攤位違規轉租", "攤位管理", 2, 1, 1, 1, Treatment.MITIGATE),
    ("social-affairs", "補助款重複請領", "補助審核", 1, 1, 0, 1, Treatment.MITIGATE),
    ("env-protection", "稽查人員收受不正利益", "環境稽查", 1, 2, 1, 1, Treatment.MITIGATE),
    ("land-admin", "地籍資料不當查詢", "地籍資料查詢", 2, 1, 1, 0, Treatment.MITIGATE),
    ("police", "交通違規註銷關說", "違規處理", 1, 1, None, None, Treatment.ACCEPT),
    ("transportation", "停車場權利金短收", "委外經營", 0, 1, None, None, Treatment.OPEN),
    ("mrt", "統包工程限制競爭", "工程招標", 2, 2, 1, 2, Treatment.TRANSFER),
    ("civil-affairs", "戶籍資料不當查詢", "戶籍資料查詢", 2, 1, 1, 0, Treatment.MITIGATE),
    ("civil-affairs", "殯葬設施使用費減免浮濫", "殯葬設施管理", 1, 2, 1, 1, Treatment.MITIGATE),
]


def _load_risks(audits_by_agency: dict[int, list[SpecialAudit]]) -> None:
    matrix = default_matrix()
    for number, (key, title, process, il, ii, rl, ri, treatment) in enumerate(RISKS):
        agency = _agency(key)
        if Risk.objects.filter(agency=agency, title=title, process=process).exists():
            continue
        assessed_on = dt.date(2021, 3, 1) + dt.timedelta(days=number * 20)
        domain.create_risk(
            actor=None,
            agency=agency,
            title=title,
            process=process,
            description=f"{process}作業中可能發生{title}。",
            matrix=matrix,
            inherent_likelihood=il,
            inherent_impact=ii,
            residual_likelihood=rl,
            residual_impact=ri,
            treatment=treatment,
            measures="落實分層審核、資訊公開與定期抽查。",
            owner=f"{agency.short_name}業務主管",
            assessed_on=assessed_on,
            # Half the risks fall due for review in the demo period, so the worklist has entries.
            next_review_on=assessed_on + dt.timedelta(days=180 if number % 2 else 540),
            audits=audits_by_agency.get(agency.pk, [])[:2],
        )


@register("prevention", order=30)
def load(stdout=None, **options) -> None:
    rng = random.Random(20211231)
    audits_by_agency: dict[int, list[SpecialAudit]] = {}
    for period in PERIODS:
        audits_count, warnings, reforms, repreventions = PLAN[period.code]
        audits = _load_audits(rng, period, audits_count)
        for audit in audits:
            audits_by_agency.setdefault(audit.agency_id, []).append(audit)
        _load_actions(rng, period, warnings, reforms, audits)
        _load_repreventions(period, repreventions)
    _load_platforms()
    _load_highlights()
    for year, (agencies_count, nominees, selected, announced) in SELECTIONS.items():
        _load_selection(rng, year, agencies_count, nominees, selected, announced)
    _load_matrix()
    _load_risks(audits_by_agency)
    if stdout is not None:
        stdout.write("  prevention: audits, preventive actions, re-prevention reports, platforms, role models, risks")


# Bench data ----------------------------------------------------------------------------------------

# Starts the title (audits, re-prevention reports), subject (actions) or deeds (nominations) of every
# bench row: a re-run finds what an earlier one made by it, and removes nothing without it.
BENCH_MARK = "〔效能測試〕"
BATCH = 2000


def bench_data(periods: list[Period], scale: int, stdout=None) -> int:
    """Bulk records for bench/reports_build.py: ``scale`` × the seed's 110H2 plan in each of ``periods``.

    Special audits, warnings and corrections (with the plan's reform proposals) and re-prevention
    reports are exact, spread over every agency with an ethics unit and over the days of the half-year.
    A year's role-model selection is one record announced in its second half, so only H2 periods get
    one, and its figures stop where the rules do: no more agencies than the city's first-level ones,
    no more nominees than their quotas. A year with a selection not made here keeps it and gets none.
    Bench rows already in ``periods`` are replaced; no audit events are written.
    """
    if scale < 1:
        raise ValueError(f"scale must be 1 or more, not {scale!r}")
    if not periods:
        return 0
    started = time.perf_counter()
    with transaction.atomic():
        _remove_bench_rows(periods)
        agencies = _bench_agencies()
        rows = sum(_bench_period(period, scale, agencies) for period in periods)
        years = sorted({period.roc_year for period in periods if period.half == 2})
        rows += sum(_bench_selection(year, scale, agencies) for year in years)
    if stdout is not None:
        seconds = time.perf_counter() - started
        stdout.write(f"  prevention: {rows:,} rows for {len(periods)} half-years × {scale} in {seconds:.1f} s\n")
    return rows


def _within_any(field: str, periods: list[Period]) -> Q:
    condition = Q()
    for period in periods:
        condition |= Q(**{f"{field}__range": (period.first_day, period.last_day)})
    return condition


def _remove_bench_rows(periods: list[Period]) -> None:
    PreventiveAction.objects.filter(_within_any("raised_on", periods), subject__startswith=BENCH_MARK).delete()
    SpecialAudit.objects.filter(_within_any("completed_on", periods), title__startswith=BENCH_MARK).delete()
    RepreventionReport.objects.filter(_within_any("issued_on", periods), title__startswith=BENCH_MARK).delete()
    # A selection is the bench's when every nomination in it is.
    others = RoleModelNomination.objects.exclude(deeds__startswith=BENCH_MARK).values("selection")
    selections = set(
        RoleModelSelection.objects.filter(
            _within_any("announced_on", periods), nominations__deeds__startswith=BENCH_MARK
        )
        .exclude(pk__in=others)
        .values_list("pk", flat=True)
    )
    RoleModelNomination.objects.filter(selection__in=selections).delete()
    RoleModelSelection.objects.filter(pk__in=selections).delete()


def _bench_agencies() -> list[tuple[Agency, EthicsUnit]]:
    """Every active agency below the city, the 政風處 apart, with the unit serving it."""
    pairs = []
    for agency in Agency.objects.filter(depth__gte=1, is_active=True).exclude(key="ethics").order_by("path"):
        unit = unit_for_agency(agency)
        if unit is not None:
            pairs.append((agency, unit))
    if not pairs:
        raise ValueError("bench_data needs the organisation: load the org demo first")
    return pairs


def _bench_day(period: Period, count: int, index: int) -> dt.date:
    """The ``index``-th of ``count`` days spread evenly over the whole half-year."""
    days = (period.last_day - period.first_day).days + 1
    return period.first_day + dt.timedelta(days=index * days // count)


def _marked(fields: dict, name: str) -> dict:
    return {**fields, name: BENCH_MARK + fields[name]}


def _bench_period(period: Period, scale: int, agencies: list[tuple[Agency, EthicsUnit]]) -> int:
    audits_count, warnings, reforms, repreventions = (figure * scale for figure in PLAN[SEED_PERIOD.code])
    audits = _bench_audits(period, audits_count, agencies)
    actions = _bench_actions(period, warnings, reforms, agencies, audits)
    reports = _bench_repreventions(period, repreventions, agencies)
    return len(audits) + len(actions) + len(reports)


def _bench_audits(period: Period, count: int, agencies) -> list[SpecialAudit]:
    audits = []
    for index in range(count):
        agency, unit = agencies[(index + period.half) % len(agencies)]
        fields = _audit_fields(period, index, agency, _bench_day(period, count, index))
        audits.append(SpecialAudit(agency=agency, unit=unit, **_marked(fields, "title")))
    return SpecialAudit.objects.bulk_create(audits, batch_size=BATCH)  # with keys, for the actions to link


def _bench_actions(period: Period, warnings: int, reforms: int, agencies, audits) -> list[PreventiveAction]:
    rng = random.Random(f"bench {period.code}")
    total = warnings + reforms
    actions = []
    for index in range(total):
        agency, unit = agencies[(index * 7 + period.roc_year) % len(agencies)]
        fields = _action_fields(period, index, warnings, _bench_day(period, total, index))
        audit = audits[index % len(audits)] if fields["channel"] == ActionChannel.AUDIT and audits else None
        actions.append(
            PreventiveAction(
                agency=agency, unit=unit, audit=audit, **_marked(fields, "subject"), **_action_outcome(rng)
            )
        )
    return PreventiveAction.objects.bulk_create(actions, batch_size=BATCH)


def _bench_repreventions(period: Period, count: int, agencies) -> list[RepreventionReport]:
    reports = []
    for index in range(count):
        agency, unit = agencies[(index * 5 + period.roc_year + period.half) % len(agencies)]
        fields = _reprevention_fields(period, index, agency, _bench_day(period, count, index))
        reports.append(RepreventionReport(agency=agency, unit=unit, **_marked(fields, "title")))
    return RepreventionReport.objects.bulk_create(reports, batch_size=BATCH)


def _bench_selection(year: int, scale: int, agencies: list[tuple[Agency, EthicsUnit]]) -> int:
    """The ``year`` selection, announced on the seed's day of the year, with its nominations."""
    if RoleModelSelection.objects.filter(roc_year=year).exists():
        return 0
    agencies_count, nominees, selected, announced = SELECTIONS[SEED_PERIOD.roc_year]
    units = {agency.pk: unit for agency, unit in agencies}
    nominating = [agency for agency in _nominating_agencies() if agency.pk in units][: agencies_count * scale]
    counts = _nomination_counts(nominating, nominees * scale)
    selection = RoleModelSelection.objects.create(
        unit=EthicsUnit.objects.get(parent__isnull=True),
        roc_year=year,
        nomination_deadline=parse_date(f"{year}/02/28"),
        stage=SelectionStage.ANNOUNCED,
        announced_on=parse_date(announced).replace(year=to_ad_year(year)),
    )
    rng = random.Random(f"bench {year}")
    nominations = [
        RoleModelNomination(
            selection=selection,
            agency=agency,
            unit=units[agency.pk],
            nominating_agency=agency,
            status=NominationStatus.NOT_SELECTED,
            **_marked(_nomination_fields(rng, year, agency, number), "deeds"),
        )
        for agency in nominating
        for number in range(counts[agency.pk])
    ]
    for nomination in rng.sample(nominations, min(selected * scale, len(nominations))):
        nomination.status = NominationStatus.SELECTED
        nomination.review_note = SELECTED_NOTE
    RoleModelNomination.objects.bulk_create(nominations, batch_size=BATCH)
    return 1 + len(nominations)

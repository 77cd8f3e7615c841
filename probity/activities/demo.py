"""Demo activities for 109H1–111H1, spread over the demo agencies.

The 110H2 figures equal the seed report's (95 integrity meetings with 185 proposals,
22 asset-declaration briefings with 1,170 attendances, 12 conflict-of-interest briefings
with 1,181, 947 confidentiality outreach events, 354 information-system and
classified-document checks, 21 security meetings, 283 security inspections, 777 security
outreach events, 68 protest alerts); the other half-years are scaled so they differ.
Records are generated deterministically and written through ``domain.bulk_record`` (one
audit event per batch); rows whose natural key already exists are skipped, so loading twice
changes nothing.

``bench_data`` plans any half-years the same way at a multiple of the seed figures, for
``bench/reports_build.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping

from django.db import transaction

from probity.activities import domain
from probity.activities.enums import (
    AlertOutcome,
    AlertSource,
    CheckResult,
    InspectionKind,
    InspectionStatus,
    OutreachForm,
    OutreachTopic,
    ProposalStatus,
    ProposalType,
)
from probity.activities.models import (
    Inspection,
    InspectionCheck,
    InspectionFollowUp,
    Meeting,
    Outreach,
    Proposal,
    ProtestAlert,
)
from probity.core.demo import register
from probity.core.roc import Period
from probity.org.demo import CITY_KEY
from probity.org.models import Agency, EthicsUnit
from probity.org.queries import unit_for_agency

SEED = 110_2
PERIODS = {"109H1": 0.82, "109H2": 0.9, "110H1": 0.94, "110H2": 1.0, "111H1": 1.07}

# The seed report's 110H2 figures; other periods scale them by PERIODS.
TARGETS = {
    "integrity_meetings": 95,
    "security_meetings": 21,
    "joint_meetings": 8,
    "integrity_proposals": 185,
    "asset_sessions": 22,
    "asset_attendances": 1170,
    "asset_records": 18,
    "coi_sessions": 12,
    "coi_attendances": 1181,
    "coi_records": 10,
    "confidentiality_outreach": 947,
    "security_outreach": 777,
    "integrity_outreach": 64,
    "information_system_audits": 201,
    "classified_document_checks": 153,
    "confidentiality_inspections": 46,
    "security_inspections": 283,
    "protest_alerts": 68,
}

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高"
GIVEN = ["志明", "淑芬", "建宏", "美玲", "俊傑", "雅婷", "家豪", "怡君", "宗翰", "佩珊", "文彬", "秀英", "明哲", "惠如"]
CHAIR_TITLES = ["局長", "處長", "主任委員", "區長", "副局長", "主任秘書"]

PROPOSALS = [
    (ProposalType.REPORT, "上次會議決議事項執行情形", "洽悉，各項列管事項持續追蹤。"),
    (ProposalType.REPORT, "本機關上半年檢舉案件分析報告", "洽悉，請各單位針對高風險業務加強內控。"),
    (ProposalType.THEMATIC, "採購案件履約管理風險專題報告", "請業務單位落實履約督導並定期回報。"),
    (ProposalType.THEMATIC, "補助款核銷作業風險評估報告", "請會計室會同業務單位檢討核銷流程。"),
    (ProposalType.PROPOSAL, "修正本機關廉政風險評估及預警機制作業要點案", "照案通過，自下月起實施。"),
    (ProposalType.PROPOSAL, "研訂工程查驗抽查作業流程案", "修正通過，請工務單位依決議辦理。"),
    (ProposalType.PROPOSAL, "強化公有財產出租管理機制案", "照案通過，請財產管理單位列管辦理。"),
    (ProposalType.PROPOSAL, "推動行政透明措施公開採購資訊案", "照案通過，於機關網站建置專區。"),
    (ProposalType.PROPOSAL, "本年度廉政宣導計畫（草案）", "照案通過，請政風室依計畫辦理。"),
    (ProposalType.PROPOSAL, "辦公廳舍門禁管制強化措施案", "照案通過，請秘書室編列預算改善。"),
]
RESPONSIBLE_UNITS = ["秘書室", "會計室", "人事室", "政風室", "工務科", "總務科", "採購科", "資訊室"]

OUTREACH_TITLES = {
    OutreachTopic.ASSET_DECLARATION: [
        "公職人員財產申報說明會",
        "財產申報授權服務及申報注意事項說明會",
        "新任申報義務人財產申報講習",
    ],
    OutreachTopic.CONFLICT_OF_INTEREST: [
        "公職人員利益衝突迴避法說明會",
        "利衝法身分關係揭露實務講習",
        "採購及補助業務利益衝突迴避案例研習",
    ],
    OutreachTopic.CONFIDENTIALITY: [
        "公務機密維護宣導",
        "個人資料保護及保密宣導",
        "社交工程演練及資安保密宣導",
        "機密文書處理注意事項宣導",
        "保密宣導電子報",
    ],
    OutreachTopic.SECURITY: [
        "機關安全維護宣導",
        "防範危安事件宣導",
        "辦公場所門禁管制宣導",
        "消防安全及緊急應變宣導",
    ],
    OutreachTopic.INTEGRITY: [
        "廉政倫理規範宣導",
        "誠信校園宣導活動",
        "廉政志工社區宣導",
        "企業誠信論壇",
    ],
}
OUTREACH_FORMS = {
    OutreachTopic.ASSET_DECLARATION: [OutreachForm.BRIEFING, OutreachForm.LECTURE],
    OutreachTopic.CONFLICT_OF_INTEREST: [OutreachForm.BRIEFING, OutreachForm.LECTURE],
    OutreachTopic.CONFIDENTIALITY: [
        OutreachForm.CAMPAIGN,
        OutreachForm.MEDIA,
        OutreachForm.ONLINE,
        OutreachForm.LECTURE,
    ],
    OutreachTopic.SECURITY: [OutreachForm.CAMPAIGN, OutreachForm.MEDIA, OutreachForm.ONLINE],
    OutreachTopic.INTEGRITY: [OutreachForm.CAMPAIGN, OutreachForm.LECTURE, OutreachForm.MEDIA],
}
AUDIENCES = ["機關全體同仁", "財產申報義務人", "採購及工程業務同仁", "新進同仁", "主管人員", "洽公民眾", "轄區學校師生"]
HIGHLIGHTS = {
    OutreachTopic.ASSET_DECLARATION: [
        "說明申報注意事項，並鼓勵申報人使用財產申報授權服務，以提高申報正確率。",
        "以常見漏報態樣為例，提醒申報義務人留意配偶及未成年子女之財產。",
    ],
    OutreachTopic.CONFLICT_OF_INTEREST: [
        "針對適用業務類別規畫主題式規範及相關案例講習，強化同仁法令觀念。",
        "說明身分關係揭露程序及補助、交易之例外規定，提醒同仁事前揭露。",
    ],
    OutreachTopic.INTEGRITY: [
        "結合在地特色辦理誠信繪畫創作，帶領學童認識誠信價值。",
        "邀請企業代表分享誠信經營經驗，推動公私協力之廉潔文化。",
    ],
}

INSPECTIONS = {
    InspectionKind.INFORMATION_SYSTEM: [
        ("戶役政資訊系統使用管理稽核", "抽查當月查詢紀錄 1%，檢視查詢事由及文號"),
        ("地政資訊系統使用者紀錄檔抽查", "抽查使用者紀錄檔，檢視有無越權查閱"),
        ("印鑑比對系統查詢紀錄稽核", "抽查查詢紀錄並核對案件文號"),
    ],
    InspectionKind.CLASSIFIED_DOCUMENTS: [
        ("機密文書保管情形檢查", "抽查機密文書登記簿及保管櫃"),
        ("機密檔案及資訊安全定期檢查", "檢查密件收發、保管及電子檔加密情形"),
    ],
    InspectionKind.CONFIDENTIALITY: [
        ("公務機密維護定期檢查", "依保密檢查計畫檢查各業務單位"),
        ("個人資料保護不定期檢查", "抽查個資檔案存取及銷毀紀錄"),
    ],
    InspectionKind.SECURITY: [
        ("辦公廳舍安全維護檢查", "門禁管制、監視錄影及夜間巡查"),
        ("消防及逃生設備檢查", "滅火器、緊急照明及逃生指標"),
        ("易燃易爆物品存放檢查", "倉庫及機房危險物品存放情形"),
    ],
}
FINDINGS = [
    ("部分查詢未登載事由或文號。", "請業務單位補正查詢事由，並加強同仁教育訓練。"),
    ("機密文書未依規定登記於登記簿。", "請承辦單位補登並每月自行檢查。"),
    ("監視錄影設備有一處鏡頭故障。", "請總務單位於一個月內修復。"),
    ("逃生通道堆放雜物。", "請相關單位立即清除並列入每週巡查。"),
    ("離職同仁系統帳號未即時停用。", "請資訊單位清查帳號並建立離職停權流程。"),
]
FOLLOW_UP_NOTES = [
    "業務單位已完成改善，經複查無誤。",
    "已函請權責單位限期改善，持續追蹤中。",
    "已補正相關紀錄並辦理同仁講習。",
]

ALERT_SUBJECTS = [
    "自救會陳情反對開發案",
    "工程施工噪音影響居民陳情",
    "攤商抗議市場改建",
    "勞工團體陳情欠薪",
    "居民抗議垃圾轉運站設置",
    "漁民陳情漁港疏濬",
    "家長團體陳情校舍改建",
    "住戶陳情都市更新權益",
]
ALERT_LOCATIONS = ["市政府四維行政中心", "市政府鳳山行政中心", "區公所前廣場", "工程工地現場", "市議會前"]
ALERT_NOTES = {
    AlertOutcome.DEFUSED: "政風室事先通報首長並協調業務單位與陳情人溝通，陳情人遞交陳情書後和平散去。",
    AlertOutcome.TOOK_PLACE: "陳抗活動如期舉行，經警察機關維持秩序，未發生危安事件。",
    AlertOutcome.CANCELLED: "業務單位召開說明會回應訴求後，陳情團體取消陳抗。",
    AlertOutcome.PENDING: "持續掌握陳情團體動態，隨時通報機關首長。",
}


def _scaled(name: str, factor: float) -> int:
    return max(1, round(TARGETS[name] * factor))


def _partition(total: int, parts: int, rng: random.Random, minimum: int = 1) -> list[int]:
    """``parts`` integers of at least ``minimum`` that add up to ``total`` exactly (integer arithmetic)."""
    parts = max(1, min(parts, total // minimum))
    weights = [rng.randint(50, 150) for _ in range(parts)]
    spare = total - minimum * parts
    shares = [minimum + spare * weight // sum(weights) for weight in weights]
    for index in rng.sample(range(parts), total - sum(shares)):
        shares[index] += 1
    return shares


def _day(period: Period, rng: random.Random) -> dt.date:
    span = (period.last_day - period.first_day).days
    return period.first_day + dt.timedelta(days=rng.randint(0, span))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


class _Plan:
    """The records to create, with the natural keys already in the database so none is made twice."""

    def __init__(self, agencies: list[Agency], units: Mapping[int, EthicsUnit | None]):
        self.agencies = agencies
        self.units = units
        self.meetings: list[tuple[Meeting, list[Proposal]]] = []
        self.outreach: list[Outreach] = []
        self.inspections: list[tuple[Inspection, list[InspectionFollowUp]]] = []
        self.alerts: list[ProtestAlert] = []
        self.keys: dict[str, set] = defaultdict(set)

    def placed(self, model, agency: Agency, **values):
        return model(agency=agency, unit=self.units[agency.pk], **values)

    def claim(self, kind: str, key: tuple) -> bool:
        """True if ``key`` is new; demo keys stay unique so generation is stable."""
        if key in self.keys[kind]:
            return False
        self.keys[kind].add(key)
        return True


def _plan_meetings(plan: _Plan, period: Period, factor: float, rng: random.Random) -> None:
    integrity = _scaled("integrity_meetings", factor)
    security = _scaled("security_meetings", factor)
    joint = min(_scaled("joint_meetings", factor), integrity, security)
    kinds = [(True, True)] * joint + [(True, False)] * (integrity - joint) + [(False, True)] * (security - joint)
    proposals = _partition(_scaled("integrity_proposals", factor), integrity, rng)
    for index, (is_integrity, is_security) in enumerate(kinds):
        count = proposals[index] if is_integrity else rng.randint(1, 2)
        agency = rng.choice(plan.agencies)
        date = _day(period, rng)
        while not plan.claim("meeting-day", (agency.pk, date)):
            date = _day(period, rng)
        meeting = plan.placed(
            Meeting,
            agency,
            date=date,
            seq_no=0,  # numbered per agency in date order once all periods are planned
            is_integrity=is_integrity,
            is_security=is_security,
            chair=f"{rng.choice(CHAIR_TITLES)}{_person(rng)}",
            external_members="、".join(_person(rng) for _ in range(rng.randint(1, 3))) if is_integrity else "",
            notes="檢視機關廉政風險業務並追蹤前次決議事項辦理情形。" if is_integrity else "討論機關安全維護工作。",
        )
        items = []
        for number, (kind, title, resolution) in enumerate(rng.sample(PROPOSALS, count), start=1):
            items.append(
                Proposal(
                    seq_no=number,
                    type=kind,
                    title=title,
                    resolution=resolution,
                    status=rng.choice(list(ProposalStatus)),
                    responsible_unit=rng.choice(RESPONSIBLE_UNITS),
                )
            )
        plan.meetings.append((meeting, items))


def _plan_outreach(plan: _Plan, period: Period, factor: float, rng: random.Random) -> None:
    briefings = [
        (OutreachTopic.ASSET_DECLARATION, "asset_sessions", "asset_attendances", "asset_records"),
        (OutreachTopic.CONFLICT_OF_INTEREST, "coi_sessions", "coi_attendances", "coi_records"),
    ]
    for topic, sessions_key, attendances_key, records_key in briefings:
        sessions = _scaled(sessions_key, factor)
        records = min(_scaled(records_key, factor), sessions)
        session_counts = _partition(sessions, records, rng)
        attendance_counts = _partition(_scaled(attendances_key, factor), records, rng, minimum=15)
        for count, attendances in zip(session_counts, attendance_counts, strict=True):
            _add_outreach(plan, period, rng, topic, sessions=count, attendances=attendances)
    counted = [
        (OutreachTopic.CONFIDENTIALITY, "confidentiality_outreach"),
        (OutreachTopic.SECURITY, "security_outreach"),
        (OutreachTopic.INTEGRITY, "integrity_outreach"),
    ]
    for topic, key in counted:
        for _ in range(_scaled(key, factor)):
            _add_outreach(plan, period, rng, topic, sessions=1, attendances=rng.randint(10, 120))


def _add_outreach(plan: _Plan, period: Period, rng: random.Random, topic, *, sessions: int, attendances: int) -> None:
    while True:
        agency = rng.choice(plan.agencies)
        date = _day(period, rng)
        form = rng.choice(OUTREACH_FORMS[topic])
        title = rng.choice(OUTREACH_TITLES[topic])
        if plan.claim("outreach", (agency.pk, date, topic, form, title)):
            break
    highlights = HIGHLIGHTS.get(topic)
    plan.outreach.append(
        plan.placed(
            Outreach,
            agency,
            date=date,
            topic=topic,
            form=form,
            title=title,
            sessions=sessions,
            attendances=attendances,
            audience=rng.choice(AUDIENCES),
            highlight=rng.choice(highlights) if highlights and rng.random() < 0.5 else "",
        )
    )


def _plan_inspections(plan: _Plan, period: Period, factor: float, rng: random.Random, latest: bool) -> None:
    counts = [
        (InspectionKind.INFORMATION_SYSTEM, "information_system_audits"),
        (InspectionKind.CLASSIFIED_DOCUMENTS, "classified_document_checks"),
        (InspectionKind.CONFIDENTIALITY, "confidentiality_inspections"),
        (InspectionKind.SECURITY, "security_inspections"),
    ]
    for kind, key in counts:
        for _ in range(_scaled(key, factor)):
            while True:
                agency = rng.choice(plan.agencies)
                date = _day(period, rng)
                title, scope = rng.choice(INSPECTIONS[kind])
                if plan.claim("inspection", (agency.pk, date, kind, title)):
                    break
            plan.inspections.append(_inspection(plan, agency, date, kind, title, scope, rng, latest))


def _inspection(plan, agency, date, kind, title, scope, rng, latest: bool):
    """About a quarter find something; those are followed up, and the latest half-year's stay partly open."""
    if rng.random() >= 0.25:
        inspection = plan.placed(
            Inspection,
            agency,
            date=date,
            kind=kind,
            title=title,
            scope=scope,
            findings="未發現缺失。",
            status=InspectionStatus.CLOSED,
            closed_on=date,
        )
        return inspection, []
    finding, recommendation = rng.choice(FINDINGS)
    due = date + dt.timedelta(days=60)
    follow_ups = [InspectionFollowUp(date=date + dt.timedelta(days=30), note=FOLLOW_UP_NOTES[1])]
    still_open = latest and rng.random() < 0.6
    if not still_open:
        follow_ups.append(InspectionFollowUp(date=date + dt.timedelta(days=55), note=FOLLOW_UP_NOTES[0]))
    inspection = plan.placed(
        Inspection,
        agency,
        date=date,
        kind=kind,
        title=title,
        scope=scope,
        findings=finding,
        recommendations=recommendation,
        follow_up_due=due,
        status=InspectionStatus.FOLLOWING_UP if still_open else InspectionStatus.CLOSED,
        closed_on=None if still_open else follow_ups[-1].date,
    )
    return inspection, follow_ups


def _plan_alerts(plan: _Plan, period: Period, factor: float, rng: random.Random, latest: bool) -> None:
    outcomes = [AlertOutcome.DEFUSED] * 6 + [AlertOutcome.TOOK_PLACE] * 2 + [AlertOutcome.CANCELLED] * 2
    for _ in range(_scaled("protest_alerts", factor)):
        while True:
            agency = rng.choice(plan.agencies)
            date = _day(period, rng)
            subject = rng.choice(ALERT_SUBJECTS)
            if plan.claim("alert", (agency.pk, date, subject)):
                break
        outcome = AlertOutcome.PENDING if latest and rng.random() < 0.1 else rng.choice(outcomes)
        plan.alerts.append(
            plan.placed(
                ProtestAlert,
                agency,
                date=date,
                source=rng.choice(list(AlertSource)),
                subject=subject,
                expected_on=date + dt.timedelta(days=rng.randint(1, 10)),
                location=rng.choice(ALERT_LOCATIONS),
                expected_size=rng.choice([10, 20, 30, 50, 80, 100, 200]),
                notified_head=True,
                notified_units=True,
                notified_police=rng.random() < 0.6,
                outcome=outcome,
                outcome_note=ALERT_NOTES[outcome],
            )
        )


def _number_meetings(plan: _Plan, numbered: dict[int, int] | None = None) -> None:
    """第N次: meetings of an agency numbered in date order, after the ``numbered`` ones it already has."""
    numbered = defaultdict(int) if numbered is None else numbered
    for meeting, _ in sorted(plan.meetings, key=lambda pair: pair[0].date):
        numbered[meeting.agency_id] += 1
        meeting.seq_no = numbered[meeting.agency_id]


def _agencies_with_units() -> tuple[list[Agency], dict[int, EthicsUnit | None]]:
    """The demo agencies a unit serves (records need both), and each agency's unit."""
    agencies = list(Agency.objects.exclude(key=CITY_KEY).filter(is_active=True).order_by("path"))
    units = {agency.pk: unit_for_agency(agency) for agency in agencies}
    return [agency for agency in agencies if units[agency.pk] is not None], units


def _plan_period(plan: _Plan, period: Period, factor: float, rng: random.Random, *, latest: bool) -> None:
    """One half-year's records at ``factor`` times the seed figures; the latest half-year leaves work open."""
    _plan_meetings(plan, period, factor, rng)
    _plan_outreach(plan, period, factor, rng)
    _plan_inspections(plan, period, factor, rng, latest=latest)
    _plan_alerts(plan, period, factor, rng, latest=latest)


def build_plan() -> _Plan:
    rng = random.Random(SEED)
    plan = _Plan(*_agencies_with_units())
    last = max(PERIODS, key=Period.parse)
    for code, factor in PERIODS.items():
        _plan_period(plan, Period.parse(code), factor, rng, latest=code == last)
    _number_meetings(plan)
    return plan


def _existing(model, fields: tuple[str, ...]) -> set[tuple]:
    return set(model.objects.values_list(*fields))


def _children(parents: list[tuple], field: str) -> list:
    """The children planned with each (saved) parent, now pointing at it."""
    children = []
    for parent, items in parents:
        for item in items:
            setattr(item, field, parent)
            children.append(item)
    return children


def _save(plan: _Plan) -> dict[str, int]:
    meeting_keys = _existing(Meeting, ("agency_id", "date", "seq_no"))
    meetings = [(m, items) for m, items in plan.meetings if (m.agency_id, m.date, m.seq_no) not in meeting_keys]
    domain.bulk_record(Meeting, [m for m, _ in meetings], actor=None, label="demo")
    proposals = _children(meetings, "meeting")
    domain.bulk_record(Proposal, proposals, actor=None, label="demo")

    outreach_keys = _existing(Outreach, ("agency_id", "date", "topic", "form", "title"))
    outreach = [o for o in plan.outreach if (o.agency_id, o.date, o.topic, o.form, o.title) not in outreach_keys]
    domain.bulk_record(Outreach, outreach, actor=None, label="demo")

    inspection_keys = _existing(Inspection, ("agency_id", "date", "kind", "title"))
    inspections = [(i, f) for i, f in plan.inspections if (i.agency_id, i.date, i.kind, i.title) not in inspection_keys]
    domain.bulk_record(Inspection, [i for i, _ in inspections], actor=None, label="demo")
    follow_ups = _children(inspections, "inspection")
    domain.bulk_record(InspectionFollowUp, follow_ups, actor=None, label="demo")

    alert_keys = _existing(ProtestAlert, ("agency_id", "date", "subject"))
    alerts = [a for a in plan.alerts if (a.agency_id, a.date, a.subject) not in alert_keys]
    domain.bulk_record(ProtestAlert, alerts, actor=None, label="demo")
    return {
        "meetings": len(meetings),
        "proposals": len(proposals),
        "outreach": len(outreach),
        "inspections": len(inspections),
        "alerts": len(alerts),
    }


@register("activities", order=20)
def load(stdout=None, **options) -> None:
    created = _save(build_plan())
    if stdout is not None:
        stdout.write("  " + "、".join(f"{name} {count}" for name, count in created.items()))


# What the demo officer's unit finds with each kind's checklist, by question number: the deficiency, how many days
# after the inspection it was put right (None: still open), and a question that did not apply.
CHECKLIST_FINDINGS = {
    InspectionKind.CONFIDENTIALITY: (
        (5, "收發室以單封套傳遞密件，未由專人遞送。", None),
        (10, "本期無人員離職或調職。"),
    ),
    InspectionKind.CLASSIFIED_DOCUMENTS: ((2, "2件密件未登記於機密文書登記簿。", None), (5, "本期無銷毀機密文書。")),
    InspectionKind.INFORMATION_SYSTEM: ((2, "3筆查詢未登錄查詢文號。", 20), (5, "本系統不使用紙本查詢紀錄簿。")),
    InspectionKind.SECURITY: (
        (3, "2號監視器畫面中斷，影像未依規定保存。", 12),
        (2, "本機關無獨立機房，檔案室另案檢查。"),
    ),
}
CHECKLISTS_ANSWERED = 2


@register("activities-checklists", order=21)
def load_checklists(stdout=None, **options) -> None:
    """The demo officer's unit answers the checklists of its two latest open inspections of different kinds, each
    with one deficiency (open or put right) and a question that did not apply."""
    unit = EthicsUnit.objects.filter(staff__username="officer").first()
    if InspectionCheck.objects.filter(inspection__unit=unit).exists():
        return
    latest = {}
    for inspection in Inspection.objects.filter(unit=unit, status=InspectionStatus.FOLLOWING_UP).order_by(
        "-date", "-id"
    ):
        latest.setdefault(inspection.kind, inspection)
    for inspection in list(latest.values())[:CHECKLISTS_ANSWERED]:
        (deficient, problem, days), (not_applicable, reason) = CHECKLIST_FINDINGS[inspection.kind]
        checks = domain.start_checklist(inspection, actor=None)
        corrected_on = inspection.date + dt.timedelta(days=days) if days is not None else None
        answers = {check.seq_no: domain.CheckAnswer(CheckResult.CONFORMING) for check in checks}
        answers[deficient] = domain.CheckAnswer(CheckResult.DEFICIENT, problem, corrected_on)
        answers[not_applicable] = domain.CheckAnswer(CheckResult.NOT_APPLICABLE, reason)
        domain.record_checks(inspection, actor=None, answers=answers)
        if stdout is not None:
            stdout.write(f"  activities: checklist answered on {inspection}")


# Bench data -------------------------------------------------------------------

# Bench records' codes lie in this range: version-0 UUIDs, which uuid4 (every other record's code) never makes,
# so removing a bench generation cannot touch a real record.
BENCH_CODES = (uuid.UUID(int=0), uuid.UUID(int=(1 << 76) - 1))
_BENCH_RUN_BITS = 24  # a call's codes: its start in microseconds, then a counter (up to 16 million rows)


def bench_data(periods: list[Period], scale: int, stdout=None) -> int:
    """Records for each half-year at ``scale`` times the seed's 110H2 figures; returns how many rows were made.

    A half-year's earlier bench records are removed first, so it holds one generation. Rows are bulk-inserted
    without audit events; their natural keys avoid the records already there, and meetings are numbered per
    agency across the given half-years.
    """
    started = time.perf_counter()
    codes = itertools.count(time.time_ns() // 1000 << _BENCH_RUN_BITS)
    agencies, units = _agencies_with_units()
    numbered: dict[int, int] = defaultdict(int)
    latest = max(periods)
    created = 0
    for period in sorted(periods):
        with transaction.atomic():
            _remove_bench_records(period)
            plan = _Plan(agencies, units)
            plan.keys.update(_natural_keys(period))
            _plan_period(plan, period, scale, random.Random(f"{SEED}-{period.code}"), latest=period == latest)
            _number_meetings(plan, numbered)
            created += _save_bench(plan, codes)
    if stdout is not None:
        seconds = time.perf_counter() - started
        stdout.write(f"activities: {created:,} bench rows for {len(periods)} half-years × {scale} in {seconds:.1f} s\n")
    return created


def _in_period(period: Period) -> dict:
    return {"date__range": (period.first_day, period.last_day)}


def _remove_bench_records(period: Period) -> None:
    for model in (Meeting, Outreach, Inspection, ProtestAlert):  # proposals and follow-ups go with their parents
        model.objects.filter(code__range=BENCH_CODES, **_in_period(period)).delete()


def _natural_keys(period: Period) -> dict[str, set]:
    """The plan's claim keys of the records already in the half-year, so that no bench record repeats one."""
    fields = {
        "meeting-day": (Meeting, ("agency_id", "date")),
        "outreach": (Outreach, ("agency_id", "date", "topic", "form", "title")),
        "inspection": (Inspection, ("agency_id", "date", "kind", "title")),
        "alert": (ProtestAlert, ("agency_id", "date", "subject")),
    }
    return {
        kind: set(model.objects.filter(**_in_period(period)).values_list(*names))
        for kind, (model, names) in fields.items()
    }


def _save_bench(plan: _Plan, codes: Iterator[int]) -> int:
    created = _bench_create(Meeting, [meeting for meeting, _ in plan.meetings], codes)
    created += _bench_create(Proposal, _children(plan.meetings, "meeting"), codes)
    created += _bench_create(Outreach, plan.outreach, codes)
    created += _bench_create(Inspection, [inspection for inspection, _ in plan.inspections], codes)
    created += _bench_create(InspectionFollowUp, _children(plan.inspections, "inspection"), codes)
    created += _bench_create(ProtestAlert, plan.alerts, codes)
    return created


def _bench_create(model, objects: list, codes: Iterator[int]) -> int:
    """Insert with ascending codes: appending to the code index is much cheaper than random uuid4 inserts."""
    for obj, code in zip(objects, codes, strict=False):
        obj.code = uuid.UUID(int=code)
    model.objects.bulk_create(objects, batch_size=2000)
    return len(objects)

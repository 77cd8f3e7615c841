"""Demo complaints for 109H1–111H1 across the Kaohsiung agencies.

Each half-year's figures are set below; 110H2 matches the seed report exactly (三(一)–(三)):
571 received (402 named, 169 anonymous), 11 / 200 / 335 / 25 by outcome, 8 referrals to
prosecutors, 3 cases / 4 persons indicted, 18 cases / 25 persons disciplined. The cases are
written through ``domain.register_historical_complaints`` (bulk, one audit event per half-year);
referrals, prosecutions and discipline through their domain functions.

``bench_data`` writes the 110H2 plan, times a scale, into any half-years for bench/reports_build.py:
the cases through the same bulk domain function, the referrals, results and discipline in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, fields

from django.db import transaction

from probity.complaints import domain, vault
from probity.complaints.enums import (
    Category,
    Channel,
    DisciplineKind,
    EventKind,
    OffenceType,
    ProsecutionResult,
    ProtectionResult,
    RetaliationRisk,
    RiskFactor,
    StatementConfirmation,
    Status,
)
from probity.complaints.models import (
    Assignment,
    Complaint,
    DisciplinaryAction,
    Event,
    ProsecutionOutcome,
    ProsecutorReferral,
    SealedIdentity,
    Statement,
    Subject,
)
from probity.core import roc
from probity.core.demo import register
from probity.declarations import domain as declarations
from probity.declarations.enums import DeclarantCategory
from probity.declarations.models import Declarant
from probity.org.models import Agency, EthicsUnit, User
from probity.org.queries import unit_for_agency


@dataclass(frozen=True)
class Figures:
    named: int
    anonymous: int
    administrative: int
    referred: int
    open: int
    referrals: int
    indicted: tuple[int, ...]  # persons per indicted case
    disciplined: tuple[int, ...]  # persons per disciplined case
    not_prosecuted: int = 2  # referrals closed without charges (not counted)

    def times(self, scale: int) -> Figures:
        """The plan ``scale`` times over: counts multiplied, per-case tuples repeated."""
        return Figures(*(getattr(self, field.name) * scale for field in fields(self)))


FIGURES = {
    "109H1": Figures(351, 147, 9, 296, 0, 6, (1, 1), (2,) * 4 + (1,) * 9),
    "109H2": Figures(380, 152, 12, 318, 1, 7, (2, 1), (2,) * 5 + (1,) * 10),
    "110H1": Figures(389, 160, 10, 322, 4, 5, (1, 1, 1, 2), (2,) * 6 + (1,) * 9),
    "110H2": Figures(402, 169, 11, 335, 25, 8, (2, 1, 1), (2,) * 7 + (1,) * 11),
    "111H1": Figures(415, 171, 8, 301, 96, 9, (1,), (2,) * 3 + (1,) * 8),
}
MARKER = "D{period}-{n:04d}"
SEED_PERIOD = "110H2"
BENCH_PREFIX = "BENCH-"  # legacy numbers of bench cases, letter numbers of bench referrals and discipline
BENCH_MARKER = BENCH_PREFIX + "{period}-{n:06d}"

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高"
GIVEN = "志明建宏俊傑淑芬美玲家豪雅婷冠宇怡君宗翰佳蓉文彬秀英明哲欣怡國華麗娟信宏靜宜"
TITLES = ["科員", "技士", "股長", "課長", "約僱人員", "技工", "隊員", "辦事員", "稽查員", "專員", "工程員"]
PROJECTS = [
    "道路路面更新工程",
    "公園綠地維護勞務",
    "校舍耐震補強工程",
    "資訊設備採購",
    "排水溝清淤工程",
    "路燈維護勞務",
]
MATTERS = ["違章建築查報", "攤販管理", "建造執照審查", "補助款核發", "營業場所稽查", "工程驗收"]
CLAIMS = ["加班費", "差旅費", "出差交通費", "值班費"]
FUNDS = ["代收規費", "零用金", "社團補助款"]
DOCS = ["驗收紀錄", "會勘紀錄", "出勤紀錄"]
SECRETS = ["民眾個人資料", "投標廠商名單", "採購底價"]
DISTRICTS = ["苓雅", "三民", "前鎮", "鳳山", "左營", "楠梓", "鼓山", "小港", "岡山", "旗山"]
STREETS = ["中正", "民族", "自由", "建國", "青年", "五福", "中山", "光華"]
OFFICES = ["臺灣高雄地方檢察署", "臺灣橋頭地方檢察署", "法務部廉政署南部地區調查組"]
OFFENCE_COMBOS = [
    [OffenceType.PROCUREMENT_ACT],
    [OffenceType.FRAUD],
    [OffenceType.FORGERY],
    [OffenceType.FRAUD, OffenceType.FORGERY],
    [OffenceType.PROCUREMENT_ACT, OffenceType.FORGERY],
]
DISCIPLINE_KINDS = [DisciplineKind.REPRIMAND, DisciplineKind.DEMERIT, DisciplineKind.ADMONITION]
CHANNEL_WEIGHTS = {
    Channel.LETTER: 30,
    Channel.PHONE: 12,
    Channel.EMAIL: 22,
    Channel.IN_PERSON: 5,
    Channel.PORTAL: 18,
    Channel.TRANSFERRED: 9,
    Channel.MEDIA: 2,
    Channel.SELF_INITIATED: 2,
}
CATEGORY_WEIGHTS = {
    Category.BRIBERY: 6,
    Category.PROFITEERING: 10,
    Category.EMBEZZLEMENT: 4,
    Category.PROCUREMENT: 14,
    Category.FRAUD: 9,
    Category.FORGERY: 5,
    Category.LEAKING: 4,
    Category.ETHICS_RULES: 12,
    Category.OTHER: 36,
}
HEAVY_AGENCIES = {"police": 8, "public-works": 5, "env-protection": 4, "education": 4, "urban-dev": 3, "health": 3}


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _summary(rng: random.Random, category: str, agency: Agency) -> tuple[str, str]:
    who = f"{agency.short_name}{rng.choice(TITLES)}"
    texts = {
        Category.BRIBERY: f"{who}涉嫌收受承包商賄賂",
        Category.PROFITEERING: f"{who}涉嫌於{rng.choice(MATTERS)}圖利特定業者",
        Category.EMBEZZLEMENT: f"{who}涉嫌侵占{rng.choice(FUNDS)}",
        Category.PROCUREMENT: f"{agency.short_name}辦理「{rng.choice(PROJECTS)}」採購涉有綁標情事",
        Category.FRAUD: f"{who}涉嫌詐領{rng.choice(CLAIMS)}",
        Category.FORGERY: f"{who}涉嫌登載不實{rng.choice(DOCS)}",
        Category.LEAKING: f"{who}涉嫌洩漏{rng.choice(SECRETS)}",
        Category.ETHICS_RULES: f"{who}涉嫌接受業者飲宴應酬",
        Category.OTHER: f"{who}上班時間從事私人事務",
    }
    summary = texts[category]
    month = rng.randint(1, 12)
    narrative = (
        f"檢舉內容略以：{summary}，據悉相關情事發生於{month}月間，並有同仁知情，"
        f"請政風單位依法查明並妥處。檢舉人另提供相關照片及文件影本供參。"
    )
    return summary, narrative


def _identity(rng: random.Random) -> vault.Identity:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(8))
    return vault.Identity(
        name=_person(rng),
        id_number=f"{rng.choice('ESTUV')}{rng.choice('12')}{digits}",
        phone=f"09{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}",
        address=f"高雄市{rng.choice(DISTRICTS)}區{rng.choice(STREETS)}路{rng.randint(1, 400)}號",
        email=f"reporter{rng.randint(1000, 9999)}@example.invalid",
    )


def _agency_pool() -> list[tuple[Agency, EthicsUnit]]:
    pool = []
    for agency in Agency.objects.filter(parent__key="kcg").exclude(key="ethics").order_by("path"):
        unit = unit_for_agency(agency)
        if unit is not None:
            pool.append((agency, unit))
    return pool


def _date_in(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _statuses(rng: random.Random, figures: Figures, anonymous: list[bool]) -> list[str]:
    total = len(anonymous)
    cleared = total - figures.administrative - figures.referred - figures.open
    classes = (
        ["administrative"] * figures.administrative
        + ["referred"] * figures.referred
        + ["open"] * figures.open
        + ["cleared"] * cleared
    )
    rng.shuffle(classes)
    statuses = []
    for klass, is_anonymous in zip(classes, anonymous, strict=True):
        if klass == "administrative":
            statuses.append(Status.ADMINISTRATIVE)
        elif klass == "referred":
            statuses.append(Status.REFERRED)
        elif klass == "open":
            statuses.append(Status.INVESTIGATING if rng.random() < 0.8 else Status.ACCEPTED)
        elif is_anonymous and rng.random() < 0.3:
            statuses.append(Status.NOT_HANDLED)
        elif rng.random() < 0.2:
            statuses.append(Status.FILED)
        else:
            statuses.append(Status.CLEARED)
    return statuses


def _cases(
    period: roc.Period, figures: Figures, pool, rng: random.Random, marker: str = MARKER
) -> list[domain.HistoricalCase]:
    weights = [HEAVY_AGENCIES.get(agency.key, 1) for agency, _unit in pool]
    total = figures.named + figures.anonymous
    anonymous = [True] * figures.anonymous + [False] * figures.named
    rng.shuffle(anonymous)
    statuses = _statuses(rng, figures, anonymous)
    cases = []
    for n, (is_anonymous, status) in enumerate(zip(anonymous, statuses, strict=True), start=1):
        agency, unit = rng.choices(pool, weights=weights)[0]
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        summary, narrative = _summary(rng, category, agency)
        received_on = _date_in(rng, period.first_day, period.last_day)
        closed = status not in (Status.ACCEPTED, Status.INVESTIGATING)
        closed_on = received_on + dt.timedelta(days=rng.randint(10, 150)) if closed else None
        referred = status == Status.REFERRED
        roc_year = roc.to_roc_year(received_on.year)
        cases.append(
            domain.HistoricalCase(
                unit=unit,
                agency=agency,
                channel=rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0],
                received_on=received_on,
                is_anonymous=is_anonymous,
                categories=[category],
                summary=summary,
                narrative=narrative,
                status=status,
                closed_on=closed_on,
                referred_to=agency.name if referred else "",
                referral_doc_no=f"高市政風字第{roc_year}{rng.randint(1000000, 9999999)}號" if referred else "",
                referred_on=closed_on if referred else None,
                acknowledged_on=None if is_anonymous else received_on + dt.timedelta(days=rng.randint(2, 15)),
                outcome_notified_on=closed_on + dt.timedelta(days=rng.randint(0, 7))
                if closed and not is_anonymous
                else None,
                legacy_number=marker.format(period=period.code, n=n),
                subjects=[domain.SubjectData(name=_person(rng), title=rng.choice(TITLES), agency=agency)],
                identity=None if is_anonymous else _identity(rng),
            )
        )
    assert len(cases) == total
    return cases


def _referrals(period: roc.Period, figures: Figures, pool, rng: random.Random) -> list[ProsecutorReferral]:
    referrals = []
    for n in range(figures.referrals):
        agency, unit = rng.choice(pool)
        offences = OFFENCE_COMBOS[n % len(OFFENCE_COMBOS)]
        complaint = (
            Complaint.objects.filter(unit=unit, received_on__lt=period.first_day + dt.timedelta(days=60))
            .exclude(status__in=[Status.FILED, Status.NOT_HANDLED])
            .exclude(legacy_number__startswith=BENCH_PREFIX)  # bench_data removes its cases again
            .order_by("-received_on")
            .first()
            if n % 3
            else None
        )
        labels = "、".join(str(OffenceType(o).label) for o in offences)
        referrals.append(
            domain.refer_to_prosecutors(
                actor=None,
                unit=unit,
                agency=agency,
                complaint=complaint,
                office=rng.choice(OFFICES),
                referred_on=_date_in(rng, period.first_day, period.first_day + dt.timedelta(days=120)),
                doc_no=f"高市政風字第{period.roc_year}{period.half}{n + 1:02d}{rng.randint(10000, 99999)}號",
                offence_types=offences,
                summary=f"{agency.short_name}承辦人員涉嫌{labels}案",
            )
        )
    return referrals


def _prosecutions(period: roc.Period, figures: Figures, referrals, previous, rng: random.Random) -> None:
    candidates = list(previous) or list(referrals)
    for index, persons in enumerate(figures.indicted):
        referral = candidates[index % len(candidates)]
        for person in range(persons):
            result = ProsecutionResult.DEFERRED if (index + person) % 3 == 2 else ProsecutionResult.INDICTED
            domain.record_prosecution_outcome(
                referral,
                actor=None,
                person_name=_person(rng),
                person_title=rng.choice(TITLES),
                result=result,
                decided_on=_date_in(rng, period.last_day - dt.timedelta(days=60), period.last_day),
                reference=f"{period.roc_year}年度偵字第{rng.randint(1000, 29999)}號",
            )
    # Referrals that ended without charges: recorded, not counted as indicted.
    for referral in list(referrals)[len(figures.indicted) : len(figures.indicted) + figures.not_prosecuted]:
        domain.record_prosecution_outcome(
            referral,
            actor=None,
            person_name=_person(rng),
            result=ProsecutionResult.NOT_PROSECUTED,
            decided_on=_date_in(rng, referral.referred_on, referral.referred_on + dt.timedelta(days=40)),
            reference=f"{period.roc_year}年度偵字第{rng.randint(1000, 29999)}號",
        )


def _discipline(period: roc.Period, figures: Figures, rng: random.Random) -> None:
    taken = set(DisciplinaryAction.objects.values_list("complaint_id", flat=True))
    for persons in figures.disciplined:
        decided_on = _date_in(rng, period.first_day + dt.timedelta(days=90), period.last_day)
        complaint = (
            Complaint.objects.filter(
                status__in=[Status.ADMINISTRATIVE, Status.REFERRED],
                closed_on__lt=decided_on,
                legacy_number__startswith="D",
            )
            .exclude(pk__in=taken)
            .order_by("-closed_on")
            .first()
        )
        taken.add(complaint.pk)
        for _person_index in range(persons):
            domain.record_disciplinary_action(
                complaint,
                actor=None,
                person_name=_person(rng),
                person_title=rng.choice(TITLES),
                kind=rng.choice(DISCIPLINE_KINDS),
                authority=complaint.agency.name,
                decided_on=decided_on,
                doc_no=f"高市{complaint.agency.short_name[:2]}人字第{period.roc_year}{rng.randint(100000, 999999)}號",
            )


def _assign_demo_officers() -> None:
    """Give the demo officers the open cases of their own unit, so that reveal and replies can be tried."""
    for officer in User.objects.filter(username__in=["officer", "officer2"]).select_related("unit"):
        if officer.unit is None:
            continue
        open_cases = Complaint.objects.filter(
            unit__path__startswith=officer.unit.path, status__in=[Status.ACCEPTED, Status.INVESTIGATING]
        ).order_by("received_on")[:20]
        for complaint in open_cases:
            domain.assign_handler(complaint, actor=None, handler=officer)


def _protect_demo_complainants() -> None:
    """Three named cases of the demo officer's unit under protection: one due now, one ended, one with a concern."""
    officer = User.objects.filter(username="officer").select_related("unit").first()
    if officer is None or officer.unit is None:
        return
    named = Complaint.objects.filter(unit__path__startswith=officer.unit.path, is_anonymous=False)
    today = domain._today()
    open_case = named.filter(status=Status.INVESTIGATING).order_by("received_on").first()
    if open_case is not None:
        domain.open_protection_watch(
            open_case,
            actor=None,
            risk=RetaliationRisk.HIGH,
            insider=True,
            factors=[RiskFactor.SUBORDINATE, RiskFactor.PERSONNEL_POWER],
            measures="檢舉人身分保密；請機關於本案查處期間暫緩其考績及調動案，並由政風室定期關懷。",
            on=today - dt.timedelta(days=45),
        )
    closed = named.filter(status__in=[Status.ADMINISTRATIVE, Status.CLEARED], closed_on__isnull=False)
    for case, concern in zip(closed.order_by("-closed_on")[:2], (False, True), strict=False):
        watch = domain.open_protection_watch(
            case,
            actor=None,
            risk=RetaliationRisk.MEDIUM,
            insider=True,
            factors=[RiskFactor.IDENTIFIABLE],
            measures="檢舉人身分保密。",
            on=case.received_on,
        )
        # Quarterly clear checks until the watch ends a year after closure; or a concern at the second check.
        for number in range(1, 12):
            result = ProtectionResult.ADVERSE_MEASURE if concern and number == 2 else ProtectionResult.NONE
            domain.record_protection_check(
                watch,
                actor=None,
                checked_on=case.received_on + dt.timedelta(days=90 * number),
                result=result,
                note="檢舉人表示遭調離原職務，已請人事單位說明。" if result != ProtectionResult.NONE else "",
            )
            watch.refresh_from_db()
            if watch.ended_on or result != ProtectionResult.NONE:
                break


@register("complaints", order=40)
def load(stdout=None, **options) -> None:
    first = MARKER.format(period="109H1", n=1)
    if Complaint.objects.filter(legacy_number=first).exists():
        return
    pool = _agency_pool()
    if not pool:
        return
    previous: list[ProsecutorReferral] = []
    with transaction.atomic():
        for code, figures in FIGURES.items():
            period = roc.Period.parse(code)
            rng = random.Random(f"complaints-{code}")
            domain.register_historical_complaints(_cases(period, figures, pool, rng), actor=None)
            referrals = _referrals(period, figures, pool, rng)
            _prosecutions(period, figures, referrals, previous, rng)
            _discipline(period, figures, rng)
            previous = referrals
        _assign_demo_officers()
        _protect_demo_complainants()
    if stdout is not None:
        stdout.write(f"  complaints: {Complaint.objects.count()} cases over {len(FIGURES)} half-years")


@register("complaints-ties", order=41)
def load_family_tie(stdout=None, **options) -> None:
    """The subject of the demo officer's first open case files a declaration naming a spouse of the officer's
    name, so that the case page shows its recusal prompt (after the declarations' own demo, at order 40)."""
    officer = User.objects.filter(username="officer").first()
    assignment = (
        Assignment.objects.filter(handler=officer, is_active=True, complaint__status=Status.INVESTIGATING)
        .select_related("complaint")
        .order_by("complaint__received_on", "id")
        .first()
    )
    subject = assignment and assignment.complaint.subjects.exclude(agency=None).order_by("id").first()
    if subject is None or not officer.full_name:
        return
    if Declarant.objects.filter(name=subject.name, agency=subject.agency, spouse_name=officer.full_name).exists():
        return
    declarations.create_declarant(
        actor=None,
        name=subject.name,
        id_number="E198765430",
        agency=subject.agency,
        position=subject.title or "科長",
        category=DeclarantCategory.AGENCY_HEAD,
        spouse_name=officer.full_name,
    )
    if stdout is not None:
        stdout.write(f"  complaints: {assignment.complaint} names a declarant whose spouse shares the officer's name")


DEMO_STATEMENTS = (
    "問：請說明你所檢舉「{summary}」一事的經過。\n"
    "答：我在今年初得知此事，當時有同事在場，我有保留相關的收據影本。\n"
    "問：有無其他人在場或相關證據？\n"
    "答：同事可以作證，收據影本今天一併提出。\n"
    "問：以上所述是否實在？\n"
    "答：實在。",
    "問：前次筆錄後，有無補充？\n答：被檢舉人事後曾以電話聯絡我，我有通話紀錄可以提供。",
)


@register("complaints-statements", order=42)
def load_statements(stdout=None, **options) -> None:
    """The demo officer's first open oral complaint has a confirmed statement and a later one awaiting confirmation."""
    officer = User.objects.filter(username="officer").first()
    assignment = (
        Assignment.objects.filter(
            handler=officer,
            is_active=True,
            complaint__status=Status.INVESTIGATING,
            complaint__channel__in=(Channel.IN_PERSON, Channel.PHONE),
        )
        .select_related("complaint")
        .order_by("complaint__received_on", "id")
        .first()
    )
    if assignment is None or Statement.objects.filter(complaint=assignment.complaint).exists():
        return
    complaint = assignment.complaint
    first_day = complaint.received_on + dt.timedelta(days=3)
    first = domain.take_statement(
        complaint,
        actor=officer,
        taken_on=first_day,
        place="政風室會談室",
        text=DEMO_STATEMENTS[0].format(summary=complaint.summary),
    )
    domain.confirm_statement(
        first, actor=officer, confirmed_on=first_day, confirmation=StatementConfirmation.READ_ALOUD
    )
    domain.take_statement(
        complaint,
        actor=officer,
        taken_on=first_day + dt.timedelta(days=14),
        place="政風室會談室",
        text=DEMO_STATEMENTS[1],
    )
    if stdout is not None:
        stdout.write(f"  complaints: two statements on {complaint}")


# Bench data ------------------------------------------------------------------------

REFERABLE = (Status.INVESTIGATING, Status.ADMINISTRATIVE, Status.REFERRED)
DISCIPLINABLE = (Status.ADMINISTRATIVE, Status.REFERRED)


def _bench_prefix(period: roc.Period) -> str:
    return f"{BENCH_PREFIX}{period.code}-"


def _people(rng: random.Random, count: int) -> list[str]:
    """``count`` different names: the indicators count persons as distinct names within a case."""
    names: list[str] = []
    while len(names) < count:
        name = _person(rng)
        if name not in names:
            names.append(name)
    return names


def _bench_referrals(period, figures: Figures, complaints, pool, rng: random.Random) -> list[ProsecutorReferral]:
    """The period's referrals, two in three from one of its own cases (self-initiated otherwise)."""
    latest = period.first_day + dt.timedelta(days=120)
    sources = iter(
        rng.sample([c for c in complaints if c.status in REFERABLE and c.received_on <= latest], k=figures.referrals)
    )
    referrals = []
    for n in range(figures.referrals):
        complaint = next(sources) if n % 3 else None
        if complaint is None:
            agency, unit = rng.choice(pool)
            earliest = period.first_day
        else:
            agency, unit, earliest = complaint.agency, complaint.unit, complaint.received_on
        offences = OFFENCE_COMBOS[n % len(OFFENCE_COMBOS)]
        labels = "、".join(str(OffenceType(o).label) for o in offences)
        referrals.append(
            ProsecutorReferral(
                unit=unit,
                agency=agency,
                complaint=complaint,
                office=rng.choice(OFFICES),
                referred_on=_date_in(rng, earliest, min(earliest + dt.timedelta(days=60), latest)),
                doc_no=f"{_bench_prefix(period)}R{n + 1:05d}",
                offence_types=[str(o) for o in offences],
                summary=f"{agency.short_name}承辦人員涉嫌{labels}案",
            )
        )
    return referrals


def _bench_outcomes(period, figures: Figures, referrals, rng: random.Random) -> list[ProsecutionOutcome]:
    """One referral per indicted case, decided in the period's last two months; then some not prosecuted."""
    outcomes = []
    for index, (referral, persons) in enumerate(zip(referrals, figures.indicted, strict=False)):
        first = max(referral.referred_on + dt.timedelta(days=1), period.last_day - dt.timedelta(days=60))
        for person, name in enumerate(_people(rng, persons)):
            result = ProsecutionResult.DEFERRED if (index + person) % 3 == 2 else ProsecutionResult.INDICTED
            outcomes.append(_outcome(referral, name, result, _date_in(rng, first, period.last_day), rng))
    spare = referrals[len(figures.indicted) : len(figures.indicted) + figures.not_prosecuted]
    for referral in spare:
        decided_on = _date_in(rng, referral.referred_on, referral.referred_on + dt.timedelta(days=40))
        outcomes.append(_outcome(referral, _person(rng), ProsecutionResult.NOT_PROSECUTED, decided_on, rng))
    return outcomes


def _outcome(referral, name: str, result: str, decided_on: dt.date, rng: random.Random) -> ProsecutionOutcome:
    return ProsecutionOutcome(
        referral=referral,
        person_name=name,
        person_title=rng.choice(TITLES),
        result=result,
        decided_on=decided_on,
        reference=f"{roc.to_roc_year(decided_on.year)}年度偵字第{rng.randint(1000, 29999)}號",
    )


def _bench_discipline(period, figures: Figures, complaints, rng: random.Random) -> list[DisciplinaryAction]:
    """Discipline on distinct cases of the period, decided after each case closed and within the period."""
    closed = [c for c in complaints if c.status in DISCIPLINABLE and c.closed_on < period.last_day]
    chosen = rng.sample(closed, k=len(figures.disciplined))
    actions = []
    for n, (complaint, persons) in enumerate(zip(chosen, figures.disciplined, strict=True)):
        decided_on = _date_in(rng, complaint.closed_on + dt.timedelta(days=1), period.last_day)
        actions += [
            DisciplinaryAction(
                complaint=complaint,
                person_name=name,
                person_title=rng.choice(TITLES),
                kind=rng.choice(DISCIPLINE_KINDS),
                authority=complaint.agency.name,
                decided_on=decided_on,
                doc_no=f"{_bench_prefix(period)}P{n + 1:05d}",
            )
            for name in _people(rng, persons)
        ]
    return actions


def _bench_timeline(referrals, actions) -> list[Event]:
    """The case timeline lines the domain functions write for a referral and a disciplinary action."""
    events = [
        Event(
            complaint=r.complaint,
            kind=EventKind.PROSECUTOR_REFERRAL,
            occurred_at=domain.noon_of(r.referred_on),
            detail=f"{r.office} {r.doc_no}",
        )
        for r in referrals
        if r.complaint is not None
    ]
    events += [
        Event(
            complaint=a.complaint,
            kind=EventKind.DISCIPLINE,
            occurred_at=domain.noon_of(a.decided_on),
            detail=f"{a.person_name} {a.get_kind_display()}",
        )
        for a in actions
    ]
    return events


def _remove_bench(period: roc.Period) -> None:
    """Remove what earlier bench runs wrote for the period.

    A record of anyone else's that points at a bench case stops this with ProtectedError; it is never deleted.
    """
    prefix = _bench_prefix(period)
    DisciplinaryAction.objects.filter(doc_no__startswith=prefix, complaint__legacy_number__startswith=prefix).delete()
    ProsecutorReferral.objects.filter(doc_no__startswith=prefix).delete()
    Complaint.objects.filter(legacy_number__startswith=prefix).delete()


def _bench_rows(period: roc.Period) -> int:
    prefix = _bench_prefix(period)
    of_cases = {"complaint__legacy_number__startswith": prefix}
    return (
        Complaint.objects.filter(legacy_number__startswith=prefix).count()
        + sum(model.objects.filter(**of_cases).count() for model in (Subject, SealedIdentity, Event))
        + ProsecutorReferral.objects.filter(doc_no__startswith=prefix).count()
        + ProsecutionOutcome.objects.filter(referral__doc_no__startswith=prefix).count()
        + DisciplinaryAction.objects.filter(doc_no__startswith=prefix).count()
    )


def bench_data(periods, scale: int, stdout=None) -> int:
    """Bench volume for bench/reports_build.py: the 110H2 plan × ``scale`` in each half-year; returns the rows.

    Each half-year's earlier bench rows are removed first. Case numbers come from the units' counters
    as for any intake, so removed bench cases leave gaps in the numbering, never duplicates.
    """
    started = time.perf_counter()
    pool = _agency_pool()
    figures = FIGURES[SEED_PERIOD].times(scale)
    rows = 0
    for period in periods:
        rng = random.Random(f"complaints-bench-{period.code}-{scale}")
        with transaction.atomic():
            _remove_bench(period)
            cases = _cases(period, figures, pool, rng, marker=BENCH_MARKER)
            complaints = domain.register_historical_complaints(cases, actor=None)
            referrals = ProsecutorReferral.objects.bulk_create(_bench_referrals(period, figures, complaints, pool, rng))
            ProsecutionOutcome.objects.bulk_create(_bench_outcomes(period, figures, referrals, rng))
            actions = DisciplinaryAction.objects.bulk_create(_bench_discipline(period, figures, complaints, rng))
            Event.objects.bulk_create(_bench_timeline(referrals, actions))
        rows += _bench_rows(period)
    if stdout is not None:
        stdout.write(
            f"complaints: {rows:,} rows for {len(periods)} half-years × {scale} in {time.perf_counter() - started:.1f} s\n"
        )
    return rows

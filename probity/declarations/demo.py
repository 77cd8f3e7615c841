"""Demo asset declarations: filing years 109–111 over the Kaohsiung demo agencies.

Each ethics unit has a number of declarants active in filing year 110 (``POOL_110``); a few
took office in 109 or 110 or left in 110 or 111, so the pools of 109 and 111 differ. The draws
are real: the system prepares, publishes and runs them under each year's stored policy with fixed
public source values. Under the 110 policy (10 %, rounded up, per unit; units under five
declarants draw with their parent unit; comparison 2 % of those drawn, rounded up, at least one)
the 70 drawing units select 405 for review and 74 for comparison, and 98.39 % of the 110 annual
declarants consented to data retrieval. Nothing here types those figures: they come out of the
records.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from probity.core.demo import register
from probity.core.indicators import percentage
from probity.core.roc import to_ad_year
from probity.declarations import domain, drawfile
from probity.declarations.enums import (
    ComparisonBase,
    DeclarantCategory,
    DeclarationType,
    DiscrepancyKind,
    Finding,
    FineStatus,
    FormalCheck,
    Owner,
    ReviewKind,
    ReviewState,
    Rounding,
)
from probity.declarations.models import AssetItem, Declarant, Declaration, Draw, DrawEntry, DrawPolicy, Review
from probity.org.models import Agency, EthicsUnit
from probity.org.queries import unit_for_agency

SEED = 110_2
CONSENT_RATE_110 = Decimal("98.39")  # the share the demo reproduces from its records

# Declarants active in filing year 110, per agency served (the unit comes from the agency).
POOL_110 = {
    "kcg": 35,
    "hakka": 4,  # fewer than five: draws with the 政風處
    "police": 1300,
    "education": 750,
    "public-works": 510,
    "health": 505,
    "finance": 60,
    "urban-dev": 50,
    "land-admin": 40,
    "social-affairs": 33,
    "econ-dev": 30,
    "transportation": 29,
    "env-protection": 25,
    "water-resources": 24,
    "civil-affairs": 19,
    "fire": 19,
    "labor": 18,
    "mrt": 16,
    "cultural-affairs": 15,
    "agriculture": 13,
    "tourism": 9,
    "marine": 8,
    "d-namasia": 3,  # fewer than five: draws with the 民政局政風室
}
SMALL_UNIT_RANGE = (6, 10)  # the other part-time units and district offices

POLICIES = {
    109: {
        "review_ratio": Decimal("0.12"),
        "review_rounding": Rounding.CEILING,
        "comparison_ratio": Decimal("0.01"),
        "comparison_rounding": Rounding.CEILING,
        "comparison_base": ComparisonBase.TOTAL,
        "minimum_one": True,
        "pool_threshold": 5,
        "basis": "法務部109年10月函（示範）",
    },
    110: {
        "review_ratio": Decimal("0.10"),
        "review_rounding": Rounding.CEILING,
        "comparison_ratio": Decimal("0.02"),
        "comparison_rounding": Rounding.CEILING,
        "comparison_base": ComparisonBase.DRAWN,
        "minimum_one": True,
        "pool_threshold": 5,
        "basis": "法務部110年10月函（示範）",
    },
    111: {
        "review_ratio": Decimal("0.10"),
        "review_rounding": Rounding.CEILING,
        "comparison_ratio": Decimal("0.03"),
        "comparison_rounding": Rounding.CEILING,
        "comparison_base": ComparisonBase.DRAWN,
        "minimum_one": True,
        "pool_threshold": 5,
        "basis": "法務部111年10月函（示範）",
    },
}
# Fixed public sources per filing year: (name, date, values). Draws are held in January after the filing year.
SOURCES = {
    109: [
        ("台灣彩券今彩539 110年1月19日開獎號碼", dt.date(2021, 1, 19), [4, 13, 22, 30, 37]),
        ("台灣彩券大樂透 110年1月19日開獎號碼（含特別號）", dt.date(2021, 1, 19), [2, 9, 17, 25, 33, 41, 46]),
    ],
    110: [
        ("台灣彩券今彩539 111年1月18日開獎號碼", dt.date(2022, 1, 18), [3, 11, 19, 27, 35]),
        ("台灣彩券大樂透 111年1月18日開獎號碼（含特別號）", dt.date(2022, 1, 18), [5, 8, 12, 23, 31, 40, 44]),
    ],
    111: [
        ("台灣彩券今彩539 112年1月17日開獎號碼", dt.date(2023, 1, 17), [1, 15, 24, 29, 38]),
        ("台灣彩券大樂透 112年1月17日開獎號碼（含特別號）", dt.date(2023, 1, 17), [6, 14, 20, 28, 36, 43, 47]),
    ],
}
DRAW_DAY = {109: dt.date(2021, 1, 20), 110: dt.date(2022, 1, 20), 111: dt.date(2023, 1, 19)}
DRAW_PLACE = "高雄市政府政風處會議室"

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴"
GIVEN = [
    "志明",
    "淑芬",
    "家豪",
    "雅婷",
    "俊傑",
    "怡君",
    "建宏",
    "美玲",
    "宗翰",
    "佳穎",
    "冠宇",
    "惠如",
    "文雄",
    "秀英",
    "國華",
    "麗華",
    "明輝",
    "靜怡",
    "正雄",
    "玉珍",
    "信宏",
    "欣怡",
    "承恩",
    "雅惠",
    "振宇",
    "淑惠",
    "志豪",
    "宜蓁",
    "柏翰",
    "瑞芬",
    "耀宗",
    "素貞",
    "世傑",
    "美惠",
    "偉誠",
    "月娥",
    "清松",
    "碧霞",
    "俊宏",
    "慧君",
]
BANKS = ["臺灣銀行", "高雄銀行", "中華郵政", "第一商業銀行", "合作金庫商業銀行", "國泰世華商業銀行", "台新國際商業銀行"]
INSURERS = ["國泰人壽", "富邦人壽", "南山人壽", "臺銀人壽", "新光人壽"]
STOCKS = ["台積電", "中華電", "鴻海", "台塑", "中鋼", "兆豐金", "統一"]
DISTRICTS = ["苓雅", "三民", "鼓山", "左營", "前鎮", "鳳山", "楠梓", "小港", "新興", "岡山"]
STREETS = ["中正路", "民族路", "自由路", "博愛路", "建國路", "四維路", "光華路", "澄清路"]
BUREAU_POSITIONS = [
    ("局長", DeclarantCategory.AGENCY_HEAD),
    ("副局長", DeclarantCategory.AGENCY_HEAD),
    ("主任秘書", DeclarantCategory.AGENCY_HEAD),
    ("專門委員", DeclarantCategory.AGENCY_HEAD),
    ("科長", DeclarantCategory.SUPERVISOR),
    ("副科長", DeclarantCategory.SUPERVISOR),
    ("股長", DeclarantCategory.SUPERVISOR),
]
POLICE_POSITIONS = ["分局長", "副分局長", "大隊長", "隊長", "副隊長", "派出所所長", "派出所副所長", "組長"]
SCHOOL_KINDS = ["國民小學", "國民中學", "高級中學", "高級工業職業學校"]
DISTRICT_POSITIONS = [("區長", DeclarantCategory.AGENCY_HEAD), ("主任秘書", DeclarantCategory.AGENCY_HEAD)] + [
    (f"{name}課課長", DeclarantCategory.SUPERVISOR) for name in ("民政", "社會", "經建", "工務", "人文", "兵役")
]


def _money(low: int, high: int, rng: random.Random, step: int = 1000) -> Decimal:
    return Decimal(rng.randrange(low // step, high // step) * step)


def _position(agency: Agency, index: int, rng: random.Random) -> tuple[str, str]:
    if agency.key == "police":
        if index < 3:
            return BUREAU_POSITIONS[index][0], DeclarantCategory.AGENCY_HEAD
        area = rng.choice(DISTRICTS)
        return f"{area}分局{rng.choice(POLICE_POSITIONS)}", DeclarantCategory.SUPERVISOR
    if agency.key == "education" and index >= 5:
        return f"高雄市立{rng.choice(DISTRICTS)}{rng.choice('東西南北中')}{rng.choice(SCHOOL_KINDS)}校長", (
            DeclarantCategory.SCHOOL_HEAD
        )
    if agency.kind == "district":
        return DISTRICT_POSITIONS[index % len(DISTRICT_POSITIONS)]
    if agency.key == "kcg":
        titles = ["秘書長", "副秘書長", "參議", "技監", "參事"]
        return titles[index % len(titles)], DeclarantCategory.AGENCY_HEAD
    if index < len(BUREAU_POSITIONS):
        return BUREAU_POSITIONS[index]
    section = rng.choice(["綜合企劃", "行政", "會計", "工程", "管理", "稽查", "採購", "財務"])
    return f"{section}科科長", DeclarantCategory.SUPERVISOR


def _id_number(rng: random.Random, seen: set[str]) -> str:
    while True:
        value = f"E{rng.choice('12')}{rng.randrange(10**7, 10**8)}"
        if value not in seen:
            seen.add(value)
            return value


class Household:
    """One declarant's assets, evolving from year to year."""

    def __init__(self, rng: random.Random, name: str):
        self.rng = rng
        area, section = rng.choice(DISTRICTS), rng.choice(["一", "二", "三", "四", "五"])
        number = rng.randrange(100, 3000)
        self.children = [f"{name[0]}{rng.choice(GIVEN)}"] if rng.random() < 0.3 else []
        self.items: list[dict] = [
            self._item(
                Owner.SELF,
                "land",
                f"{area}區{section}段{number}地號",
                "自用住宅基地",
                _money(1_500_000, 8_000_000, rng),
            ),
            self._item(
                Owner.SELF,
                "building",
                f"{area}區{section}段{number + 5000}建號",
                "自用住宅",
                _money(2_000_000, 9_000_000, rng),
            ),
            self._item(
                Owner.SELF,
                "car",
                f"{rng.choice('ABKR')}{rng.choice('ABCDEFG')}{rng.choice('ABCDEFGHJK')}-{rng.randrange(1000, 9999)}",
                "自用小客車",
                _money(400_000, 1_200_000, rng),
            ),
            self._item(Owner.SELF, "deposit", rng.choice(BANKS), "新臺幣存款", _money(1_000_000, 5_000_000, rng)),
            self._item(Owner.SPOUSE, "deposit", rng.choice(BANKS), "新臺幣存款", _money(1_000_000, 3_000_000, rng)),
            self._item(
                Owner.SELF,
                "insurance",
                f"{rng.choice(INSURERS)} 保單{rng.randrange(10**8, 10**9)}",
                "儲蓄型壽險（累積已交保費）",
                _money(200_000, 900_000, rng),
            ),
        ]
        if rng.random() < 0.5:
            self.items.append(
                self._item(
                    Owner.SELF, "debt", f"{rng.choice(BANKS)} 房屋貸款", "購屋貸款", _money(1_000_000, 5_000_000, rng)
                )
            )
        if rng.random() < 0.4:
            stock = rng.choice(STOCKS)
            self.items.append(
                self._item(Owner.SELF, "security", stock, f"{stock}股票（面額）", _money(1_000_000, 2_500_000, rng))
            )
        if rng.random() < 0.1:
            self.items.append(self._item(Owner.SELF, "cash", "", "新臺幣現金", _money(1_000_000, 1_500_000, rng)))
        for child in self.children:
            self.items.append(
                self._item(
                    Owner.MINOR_CHILD,
                    "deposit",
                    rng.choice(BANKS),
                    "新臺幣存款",
                    _money(1_000_000, 1_300_000, rng),
                    child,
                )
            )
        self.salary = _money(1_000_000, 2_600_000, rng, step=10_000)

    @staticmethod
    def _item(owner, category, identifier, description, value, owner_name="") -> dict:
        return {
            "owner": owner,
            "owner_name": owner_name,
            "category": category,
            "identifier": identifier,
            "description": description,
            "value": value,
        }

    def next_year(self, anomaly: str = "") -> None:
        """A year passes: small changes in deposits, debts and premiums; sometimes something to explain."""
        rng = self.rng
        for item in self.items:
            if item["category"] == "deposit":
                item["value"] = max(Decimal(1_000_000), item["value"] + _money(-150_000, 250_000, rng))
            elif item["category"] == "debt":
                item["value"] = max(Decimal(0), item["value"] - _money(150_000, 350_000, rng))
            elif item["category"] == "insurance":
                item["value"] += _money(30_000, 90_000, rng)
        self.items = [item for item in self.items if not (item["category"] == "debt" and item["value"] == 0)]
        self.salary += _money(0, 60_000, rng, step=10_000)
        if anomaly == "land":
            area = rng.choice(DISTRICTS)
            self.items.append(
                self._item(
                    Owner.SPOUSE,
                    "land",
                    f"{area}區{rng.choice('東西南北')}段{rng.randrange(100, 999)}地號",
                    "農地",
                    _money(6_000_000, 15_000_000, rng),
                )
            )
        elif anomaly == "cash":
            self.items.append(self._item(Owner.SELF, "cash", "", "新臺幣現金", _money(2_500_000, 6_000_000, rng)))
        elif anomaly == "vanish":
            self.items = [item for item in self.items if item["category"] != "car"]

    def snapshot(self) -> list[dict]:
        return [dict(item) for item in self.items]


def _sizes(rng: random.Random) -> dict[str, int]:
    sizes = {}
    for unit in EthicsUnit.objects.prefetch_related("agencies").order_by("path"):
        for agency in unit.agencies.all():
            if agency.key == "ethics":
                continue
            sizes[agency.key] = POOL_110.get(agency.key) or rng.randint(*SMALL_UNIT_RANGE)
    return sizes


def _people(rng: random.Random) -> list[dict]:
    """Everyone who declared at some point in 109–111, with the years of their annual declarations."""
    agencies = {agency.key: agency for agency in Agency.objects.all()}
    units = {key: unit_for_agency(agency) for key, agency in agencies.items()}
    seen_ids: set[str] = set()
    people = []
    for key, size in _sizes(rng).items():
        agency = agencies[key]
        # 110 pool: size. ~4 % of them took office in 109 (no 109 annual); ~2 % leave in 111 (no 111 annual);
        # ~3 % more took office in 110 (first annual in 111); ~2 % more left in 110 (annual 109 only).
        joined_109 = round(size * 0.04)
        leaving_111 = round(size * 0.02)
        joined_110 = round(size * 0.03)
        left_110 = round(size * 0.02)
        plan = (
            [("steady", 109)] * (size - joined_109 - leaving_111)
            + [("joined", 109)] * joined_109
            + [("leaves", 111)] * leaving_111
            + [("joined", 110)] * joined_110
            + [("left", 110)] * left_110
        )
        for index, (fate, year) in enumerate(plan):
            name = f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}"
            position, category = _position(agency, index, rng)
            took_office = (
                dt.date(year + 1911, rng.randint(2, 9), rng.randint(1, 28))
                if fate == "joined"
                else dt.date(rng.randint(2005, 2019), rng.randint(1, 12), rng.randint(1, 28))
            )
            left_office = (
                dt.date(year + 1911, rng.randint(3, 8), rng.randint(1, 28)) if fate in ("leaves", "left") else None
            )
            annual_years = {
                "steady": [109, 110, 111],
                "joined": [y for y in (109, 110, 111) if y > year],
                "leaves": [109, 110],
                "left": [109],
            }[fate]
            people.append(
                {
                    "fields": {
                        "name": name,
                        "id_number": _id_number(rng, seen_ids),
                        "address": f"高雄市{rng.choice(DISTRICTS)}區{rng.choice(STREETS)}{rng.randint(1, 400)}號",
                        "agency": agency,
                        "unit": units[key],
                        "position": position,
                        "category": category,
                        "took_office_on": took_office,
                        "left_office_on": left_office,
                        "spouse_name": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                    },
                    "fate": fate,
                    "annual_years": annual_years,
                    "anomaly_year": 110 if rng.random() < 0.03 else (111 if rng.random() < 0.03 else None),
                }
            )
    return people


def _declarations(rng: random.Random, people: list[dict], declarants: list[Declarant]) -> list[tuple]:
    # The family's ID numbers come from a stream of their own, so the assets drawn from ``rng`` stay as they were.
    family_rng = random.Random(f"{SEED}:family")
    seen_ids = {declarant.id_number for declarant in declarants}
    specs = []
    for person, declarant in zip(people, declarants, strict=True):
        household = Household(rng, declarant.name)
        declarant.spouse_id_number = _id_number(family_rng, seen_ids)
        declarant.minor_children = [
            {"name": name, "id_number": _id_number(family_rng, seen_ids)} for name in household.children
        ]
        took = declarant.took_office_on
        assert took is not None  # every demo declarant has a date of taking office
        for year in (109, 110, 111):
            if year > 109:
                anomaly = rng.choice(["land", "cash", "vanish"]) if person["anomaly_year"] == year else ""
                household.next_year(anomaly)
            if took.year - 1911 == year:
                declared = took + dt.timedelta(days=rng.randint(20, 80))
                specs.append(
                    (
                        declarant,
                        _values(DeclarationType.ON_TAKING_OFFICE, year, declared, household, rng),
                        household.snapshot(),
                    )
                )
            if year in person["annual_years"]:
                declared = dt.date(year + 1911, 11, 1)
                specs.append(
                    (declarant, _values(DeclarationType.ANNUAL, year, declared, household, rng), household.snapshot())
                )
            left = declarant.left_office_on
            if left and left.year - 1911 == year:
                specs.append(
                    (declarant, _values(DeclarationType.ON_LEAVING, year, left, household, rng), household.snapshot())
                )
    return specs


def _values(kind, year, declared_on, household, rng) -> dict:
    submitted = declared_on + dt.timedelta(days=rng.randint(3, 50))
    if kind == DeclarationType.ANNUAL:
        submitted = min(submitted, dt.date(year + 1911, 12, 31))
    return {
        "kind": kind,
        "filing_year": year,
        "declared_on": declared_on,
        "submitted_on": submitted,
        "consented": True,
        "formal_check": FormalCheck.PASSED if rng.random() < 0.97 else FormalCheck.CORRECTED,
        "household_salary": household.salary,
    }


def _least_consenting(total: int, rate: Decimal) -> int:
    """The smallest count of ``total`` declarants whose share prints (as the indicator rounds it) at least ``rate``."""
    start = max(0, int((rate - Decimal("0.01")) * total / 100))  # its share prints below the rate
    return next(c for c in range(start, total + 1) if percentage(c, total).value >= rate)


def _set_consent(specs: list[tuple], rng: random.Random) -> None:
    """Consent: the smallest count of annual declarants whose share prints as the year's rate (110: 98.39 %)."""
    for year, rate in ((109, Decimal("97.6")), (110, CONSENT_RATE_110), (111, Decimal("98.9"))):
        annual = [
            values
            for _d, values, _i in specs
            if values["filing_year"] == year and values["kind"] == DeclarationType.ANNUAL
        ]
        total = len(annual)
        consented = _least_consenting(total, rate)
        if year == 110 and percentage(consented, total).value != rate:
            raise ValueError(f"{total} annual declarants cannot give a consent rate of {rate} %: adjust POOL_110")
        for values in rng.sample(annual, total - consented):
            values["consented"] = False


def _hold_draws(year: int, sources: list[tuple], day: dt.date, place: str) -> list[Draw]:
    """Prepare, publish and run every draw of a filing year with the public sources' (name, date, values)."""
    announced = [{"name": name, "date": date} for name, date, _values in sources]
    draws = domain.prepare_draws(actor=None, filing_year=year, scheduled_on=day, sources=announced, place=place)
    values = [source_values for _n, _d, source_values in sources]
    for draw in draws:
        domain.publish_draw(draw, actor=None)
        domain.run_draw(draw, actor=None, values=values, review_opened_on=day + dt.timedelta(days=10))
    return draws


def _draws() -> None:
    for year in (109, 110, 111):
        _hold_draws(year, SOURCES[year], DRAW_DAY[year], DRAW_PLACE)


def _reviews(rng: random.Random) -> None:
    """Work the reviews of the 109 and 110 draws: most end with no issue, a few find misstatements."""
    for year, start in ((109, dt.date(2021, 3, 1)), (110, dt.date(2022, 3, 1))):
        reviews = list(Review.objects.filter(draw__filing_year=year).order_by("pk"))
        rng.shuffle(reviews)
        share_done = 1.0 if year == 109 else 0.7
        done = reviews[: int(len(reviews) * share_done)]
        clean = []
        for index, review in enumerate(done):
            concluded_on = start + dt.timedelta(days=rng.randint(0, 290))
            domain.record_data_retrieval(
                review, actor=None, retrieved_on=start, sources="地政、監理、集保、金融機構、保險"
            )
            if index % 40 == 7:
                _misstatement(review, concluded_on, intentional=index % 200 == 7, rng=rng)
            else:
                clean.append(review)
        for review in clean:
            domain.transition_review(
                review,
                "conclude",
                actor=None,
                finding=Finding.NO_ISSUE,
                concluded_on=start + dt.timedelta(days=rng.randint(0, 290)),
            )


def _misstatement(review: Review, concluded_on: dt.date, *, intentional: bool, rng: random.Random) -> None:
    domain.add_discrepancy(
        review,
        actor=None,
        kind=DiscrepancyKind.OMITTED,
        owner=Owner.SPOUSE,
        category="insurance" if not intentional else "deposit",
        description="配偶為要保人之儲蓄型保單未申報" if not intentional else "配偶存款未申報",
        amount=_money(300_000, 2_500_000, rng),
    )
    requested = concluded_on - dt.timedelta(days=60)
    domain.transition_review(
        review, "request_explanation", actor=None, requested_on=requested, due_on=requested + dt.timedelta(days=31)
    )
    domain.transition_review(
        review,
        "record_explanation",
        actor=None,
        explanation="誤以為配偶財產由配偶自行申報。",
        explained_on=requested + dt.timedelta(days=20),
    )
    finding = Finding.INTENTIONAL if intentional else Finding.UNINTENTIONAL
    domain.transition_review(
        review,
        "conclude",
        actor=None,
        finding=finding,
        concluded_on=concluded_on,
        doc_no=f"高市府政財字第{rng.randrange(10**9, 10**10)}號",
    )
    if intentional:
        domain.record_fine(
            review,
            actor=None,
            status=FineStatus.IMPOSED,
            amount=Decimal(rng.choice([60_000, 80_000, 120_000])),
            decided_on=concluded_on + dt.timedelta(days=75),
        )


def _case_review(rng: random.Random) -> None:
    declaration = Declaration.objects.filter(filing_year=110, kind=DeclarationType.ANNUAL).order_by("pk")[17]
    domain.open_review(
        actor=None,
        declaration=declaration,
        kind=ReviewKind.CASE,
        opened_on=dt.date(2021, 12, 6),
        complaint_ref="110廉財字第0123號",
    )


def _comparisons() -> None:
    department = EthicsUnit.objects.filter(parent__isnull=True).first()
    annual_110 = Declaration.objects.filter(filing_year=110, kind=DeclarationType.ANNUAL)
    domain.run_comparison(
        actor=None, unit=department, filing_year=110, declarations=annual_110, title="110年度全市定期申報義務人"
    )
    drawn = annual_110.filter(reviews__kind=ReviewKind.COMPARISON).distinct()
    domain.run_comparison(
        actor=None, unit=department, filing_year=110, declarations=drawn, title="110年度抽中前後年度比對者"
    )


@register("declarations", order=40)
def load(stdout=None, **options) -> None:
    if DrawPolicy.objects.exists():
        return  # loaded already: running load_demo twice changes nothing
    rng = random.Random(SEED)
    for year, values in POLICIES.items():
        domain.save_policy(actor=None, filing_year=year, **values)
    people = _people(rng)
    declarants = domain.bulk_create_declarants([person["fields"] for person in people], actor=None)
    specs = _declarations(rng, people, declarants)
    Declarant.objects.bulk_update(declarants, ["spouse_id_number", "minor_children"], batch_size=500)
    _set_consent(specs, rng)
    domain.bulk_record_declarations(specs, actor=None)
    _draws()
    _reviews(rng)
    _case_review(rng)
    _comparisons()
    if stdout is not None:
        open_reviews = Review.objects.exclude(state=ReviewState.CONCLUDED).count()
        stdout.write(
            f"  declarations: {len(declarants)} declarants, {len(specs)} declarations, {open_reviews} open reviews"
        )


# Bench data ------------------------------------------------------------------
#
# bench/reports_build.py measures the half-year report over many half-years of records at
# ``scale`` times the seed report's 110H2 volume. Here that volume is one filing year per second
# half-year: its annual declarations, its draws (prepared, published and run by the domain, as the
# demo's) and the reviews the draws open. Bench rows are recognised by BENCH_MARK.

BENCH_MARK = "bench:"  # begins the address of bench declarants, the place of bench draws, the basis of bench policies
SEED_DRAWN = (405, 74)  # 110H2 of the seed report: drawn for review, drawn for comparison
BENCH_POLICY = {
    **POLICIES[110],
    # Under the 110 rules (2 % of those drawn) the seed's 74 comparisons are mostly the at-least-one of 69
    # small draws, which does not grow with the pools. 2 % of the whole pool, with 11 % for review, prints the
    # same 2 % and lets both counts come out at exactly scale × the seed's.
    "review_ratio": Decimal("0.11"),
    "comparison_base": ComparisonBase.TOTAL,
    "basis": f"{BENCH_MARK} 效能測試用抽籤規則",
}
BENCH_PLACE = f"{BENCH_MARK} 效能測試用抽籤"
_LARGEST_POOL = 10**8


@dataclass(frozen=True)
class BenchPool:
    """One unit's bench declarants of a filing year: all serve ``agency``; the unit draws them alone."""

    unit: EthicsUnit
    agency: Agency
    size: int


def _drawn(rules: dict, size: int) -> tuple[int, int]:
    """How many a pool of ``size`` sends to review and to comparison under ``rules``."""
    review = drawfile.review_count(rules, size)
    return review, drawfile.comparison_count(rules, size, review)


def _smallest(start: int, reaches: Callable[[int], bool]) -> int:
    """The smallest size from ``start`` on for which ``reaches`` holds; it must keep holding once it does."""
    high = start
    while not reaches(high):
        if high > _LARGEST_POOL:
            raise ValueError("these draw rules never reach the wanted count")
        high = high * 2 + 1
    low = start
    while low < high:
        middle = (low + high) // 2
        if reaches(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _apportion(total: int, weights: list[int], floors: list[int], caps: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights``, each share within its floor and cap (most behind first)."""
    if not sum(floors) <= total <= sum(caps):
        raise ValueError(f"{total} cannot be split within {sum(floors)}–{sum(caps)}")
    whole = sum(weights)
    shares = list(floors)
    behind = [(shares[i] - total * weights[i] / whole, i) for i in range(len(shares)) if shares[i] < caps[i]]
    heapq.heapify(behind)
    for _ in range(total - sum(shares)):
        _lag, i = heapq.heappop(behind)
        shares[i] += 1
        if shares[i] < caps[i]:
            heapq.heappush(behind, (shares[i] - total * weights[i] / whole, i))
    return shares


def _bench_units() -> list[tuple[EthicsUnit, Agency, int]]:
    """Each unit, the agency its bench declarants serve (its largest) and its weight: the demo's 110 pools."""
    sizes = _sizes(random.Random(SEED))
    agencies = Agency.objects.in_bulk(list(sizes), field_name="key")
    by_unit: dict[int, list[tuple[int, Agency, EthicsUnit]]] = {}
    for key, size in sizes.items():
        unit = unit_for_agency(agencies[key])
        if unit is not None:
            by_unit.setdefault(unit.pk, []).append((size, agencies[key], unit))
    units = []
    for served in by_unit.values():
        _size, agency, unit = max(served, key=lambda entry: entry[0])
        units.append((unit, agency, sum(entry[0] for entry in served)))
    return sorted(units, key=lambda entry: entry[0].path)


def _sizes_drawing(rules: dict, stage: int, count: int, low: int, high: int = _LARGEST_POOL) -> tuple[int, int]:
    """The pool sizes within ``low``–``high`` whose draw selects ``count`` at ``stage`` (0 review, 1 comparison)."""
    first = _smallest(low, lambda size: _drawn(rules, size)[stage] >= count)
    last = min(high, _smallest(first, lambda size: _drawn(rules, size)[stage] > count) - 1)
    if first > last:
        raise ValueError(f"no pool of {low}–{high} draws {count} at stage {stage} under these rules")
    return first, last


def bench_plan(scale: int, rules: dict, rate: Decimal = CONSENT_RATE_110) -> list[BenchPool]:
    """Pools shaped like the demo's 110 pools whose draws select exactly ``scale`` × the seed's counts.

    The comparison counts are shared out first (by weight, every unit at least what its smallest pool
    draws), then the review counts within what those allow, then each pool takes the largest size that
    draws both; the total is trimmed until some count of consents prints exactly ``rate``.
    """
    units = _bench_units()
    weights = [weight for _unit, _agency, weight in units]
    review_total, comparison_total = (scale * seed for seed in SEED_DRAWN)
    least = _drawn(rules, rules["pool_threshold"])[1]
    comparisons = _apportion(comparison_total, weights, [least] * len(units), [comparison_total] * len(units))
    brackets = [_sizes_drawing(rules, 1, comparison, rules["pool_threshold"]) for comparison in comparisons]
    reviews = _apportion(
        review_total,
        weights,
        [_drawn(rules, low)[0] for low, _high in brackets],
        [_drawn(rules, high)[0] for _low, high in brackets],
    )
    ranges = [_sizes_drawing(rules, 0, review, *bracket) for review, bracket in zip(reviews, brackets, strict=True)]
    sizes = [high for _low, high in ranges]
    by_weight = sorted(range(len(units)), key=lambda index: weights[index])
    spare = [index for index in by_weight for _ in range(ranges[index][1] - ranges[index][0])]  # heaviest last
    while percentage(_least_consenting(sum(sizes), rate), sum(sizes)).value != rate:
        if not spare:
            raise ValueError(f"no pool total within these draws gives a consent rate of {rate} %")
        sizes[spare.pop()] -= 1
    return [BenchPool(unit, agency, size) for (unit, agency, _w), size in zip(units, sizes, strict=True)]


def _bench_roster(pools: list[BenchPool], rng: random.Random) -> tuple[list[Declarant], int]:
    """The bench declarants of the pools in order, reusing an earlier call's (same agency and ID number)."""
    existing = {
        (declarant.agency_id, declarant.id_number): declarant
        for declarant in Declarant.objects.filter(address__startswith=BENCH_MARK).only("agency", "unit", "id_number")
    }
    roster: list[Declarant | None] = []
    missing: list[tuple[int, dict]] = []
    for pool in pools:
        for index in range(pool.size):
            id_number = f"B{1 + index % 2}{index:08d}"
            found = existing.get((pool.agency.pk, id_number))
            if found is None:
                missing.append((len(roster), _bench_declarant(pool, index, id_number, rng)))
            else:  # the declarations copy agency and unit: cached here, they cost no query per declarant
                found.agency = pool.agency
                if found.unit_id == pool.unit.pk:
                    found.unit = pool.unit
            roster.append(found)
    created = domain.bulk_create_declarants([fields for _slot, fields in missing], actor=None) if missing else []
    for (slot, _fields), declarant in zip(missing, created, strict=True):
        roster[slot] = declarant
    return [declarant for declarant in roster if declarant is not None], len(created)


def _bench_declarant(pool: BenchPool, index: int, id_number: str, rng: random.Random) -> dict:
    position, category = _position(pool.agency, index, rng)
    return {
        "name": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
        "id_number": id_number,
        "address": f"{BENCH_MARK} 高雄市{rng.choice(DISTRICTS)}區{rng.choice(STREETS)}{rng.randint(1, 400)}號",
        "agency": pool.agency,
        "unit": pool.unit,
        "position": position,
        "category": category,
        "took_office_on": dt.date(1995 + index % 15, 1 + index % 12, 1 + index % 28),
        "spouse_name": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
    }


def _bench_declarations(year: int, roster: list[Declarant], rate: Decimal) -> list[tuple]:
    """Every roster declarant's annual declaration, filed over November and December; consents give ``rate``."""
    total = len(roster)
    refusing = total - _least_consenting(total, rate)
    first = dt.date(to_ad_year(year), 11, 1)
    specs = []
    for index, declarant in enumerate(roster):
        declared = first + dt.timedelta(days=index % 61)
        values = {
            "kind": DeclarationType.ANNUAL,
            "filing_year": year,
            "declared_on": declared,
            "submitted_on": declared,
            "consented": (index + 1) * refusing // total == index * refusing // total,  # refusals spread evenly
            "formal_check": FormalCheck.PASSED,
            "household_salary": Decimal(1_000_000 + index * 7919 % 161 * 10_000),
        }
        specs.append((declarant, values, []))
    return specs


def _bench_sources(year: int) -> tuple[list[tuple], dt.date]:
    """The demo's public sources of the filing year, or lottery-like ones drawn in the following January."""
    if year in SOURCES:
        return SOURCES[year], DRAW_DAY[year]
    rng = random.Random(year)
    day = dt.date(to_ad_year(year + 1), 1, 18)
    return [
        (f"台灣彩券今彩539 {year + 1}年1月18日開獎號碼", day, sorted(rng.sample(range(1, 40), 5))),
        (f"台灣彩券大樂透 {year + 1}年1月18日開獎號碼（含特別號）", day, sorted(rng.sample(range(1, 50), 7))),
    ], day + dt.timedelta(days=2)


def _held_by_records(year: int) -> bool:
    """Whether the filing year has a policy, a draw or an annual declaration the bench did not make."""
    return (
        DrawPolicy.objects.filter(filing_year=year).exclude(basis__startswith=BENCH_MARK).exists()
        or Draw.objects.filter(filing_year=year).exclude(place__startswith=BENCH_MARK).exists()
        or Declaration.objects.filter(filing_year=year, kind=DeclarationType.ANNUAL)
        .exclude(declarant__address__startswith=BENCH_MARK)
        .exists()
    )


def _remove_bench(years: list[int]) -> None:
    """What earlier bench calls made for these filing years: draws with their entries and reviews, declarations."""
    draws = Draw.objects.filter(filing_year__in=years, place__startswith=BENCH_MARK)
    Review.objects.filter(draw__in=draws).delete()
    DrawEntry.objects.filter(draw__in=draws).delete()
    draws.delete()
    declarations = Declaration.objects.filter(filing_year__in=years, declarant__address__startswith=BENCH_MARK)
    AssetItem.objects.filter(declaration__in=declarations).delete()
    # Only the keys: the deletion reads each declaration to find what refers to it, and whole rows cost seconds.
    declarations.only("pk").delete()
    DrawPolicy.objects.filter(filing_year__in=years, basis__startswith=BENCH_MARK).delete()


def _bench_year(year: int, roster: list[Declarant]) -> int:
    domain.save_policy(actor=None, filing_year=year, **BENCH_POLICY)
    declarations = domain.bulk_record_declarations(_bench_declarations(year, roster, CONSENT_RATE_110), actor=None)
    sources, day = _bench_sources(year)
    draws = _hold_draws(year, sources, day, BENCH_PLACE)
    reviews = Review.objects.filter(draw__in=draws).count()
    return 1 + declarations + len(draws) + declarations + reviews  # policy, declarations, draws, entries, reviews


def bench_data(periods, scale: int, stdout=None) -> int:
    """Bench records of each second half-year in ``periods`` at ``scale`` × the seed's 110H2 volume; rows made.

    A second half-year reports its filing year (see indicators.py): all of it is made here, under
    BENCH_POLICY, over the pools of ``bench_plan``. A first half-year reports none, so it gets nothing.
    Earlier bench records of those filing years are removed first; a filing year that holds records the
    bench did not make (a policy, a draw, an annual declaration) is left alone.
    """
    started = time.perf_counter()
    years = sorted({period.roc_year for period in periods if period.half == 2})
    with transaction.atomic():
        _remove_bench(years)
        free = [year for year in years if not _held_by_records(year)]
        rows = 0
        if free:
            roster, rows = _bench_roster(bench_plan(scale, BENCH_POLICY), random.Random(SEED + scale))
            for year in free:
                rows += _bench_year(year, roster)
        Declarant.objects.filter(address__startswith=BENCH_MARK, declarations__isnull=True).delete()
    if stdout is not None:
        skipped = f"; left alone (real records): {sorted(set(years) - set(free))}" if len(free) < len(years) else ""
        stdout.write(
            f"  declarations: {rows:,} rows for filing years {free} in {time.perf_counter() - started:.1f} s{skipped}\n"
        )
    return rows

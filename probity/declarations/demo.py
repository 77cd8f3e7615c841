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
import random
from decimal import ROUND_HALF_UP, Decimal

from probity.core.demo import register
from probity.declarations import domain
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
from probity.declarations.models import Declarant, Declaration, DrawPolicy, Review
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
    specs = []
    for person, declarant in zip(people, declarants, strict=True):
        household = Household(rng, declarant.name)
        declarant.minor_children = household.children
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


def _set_consent(specs: list[tuple], rng: random.Random) -> None:
    """Consent: the smallest count of annual declarants whose share prints as the year's rate (110: 98.39 %)."""
    for year, rate in ((109, Decimal("97.6")), (110, CONSENT_RATE_110), (111, Decimal("98.9"))):
        annual = [
            values
            for _d, values, _i in specs
            if values["filing_year"] == year and values["kind"] == DeclarationType.ANNUAL
        ]
        total = len(annual)
        consented = next(
            c
            for c in range(total + 1)
            if (Decimal(c) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) >= rate
        )
        if year == 110 and (Decimal(consented) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) != rate:
            raise ValueError(f"{total} annual declarants cannot give a consent rate of {rate} %: adjust POOL_110")
        for values in rng.sample(annual, total - consented):
            values["consented"] = False


def _draws(rng: random.Random) -> None:
    for year in (109, 110, 111):
        sources = [{"name": name, "date": date} for name, date, _values in SOURCES[year]]
        draws = domain.prepare_draws(
            actor=None, filing_year=year, scheduled_on=DRAW_DAY[year], sources=sources, place="高雄市政府政風處會議室"
        )
        values = [source_values for _n, _d, source_values in SOURCES[year]]
        for draw in draws:
            domain.publish_draw(draw, actor=None)
            domain.run_draw(draw, actor=None, values=values, review_opened_on=DRAW_DAY[year] + dt.timedelta(days=10))


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
    Declarant.objects.bulk_update(declarants, ["minor_children"], batch_size=500)
    _set_consent(specs, rng)
    domain.bulk_record_declarations(specs, actor=None)
    _draws(rng)
    _reviews(rng)
    _case_review(rng)
    _comparisons()
    if stdout is not None:
        open_reviews = Review.objects.exclude(state=ReviewState.CONCLUDED).count()
        stdout.write(
            f"  declarations: {len(declarants)} declarants, {len(specs)} declarations, {open_reviews} open reviews"
        )

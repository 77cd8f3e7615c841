import datetime as dt
from decimal import Decimal

import pytest

from probity.declarations import domain
from probity.declarations.enums import ComparisonBase, DeclarantCategory, DeclarationType, Rounding
from probity.declarations.models import Declaration, Review

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭"


def make_declarant(agency, number: int, **values):
    return domain.create_declarant(
        actor=None,
        name=values.pop("name", f"{SURNAMES[number % len(SURNAMES)]}測試{number}"),
        id_number=values.pop("id_number", f"E1{number:08d}"),
        address=values.pop("address", f"高雄市苓雅區四維三路{number}號"),
        agency=agency,
        position=values.pop("position", "科長"),
        category=values.pop("category", DeclarantCategory.SUPERVISOR),
        **values,
    )


def make_declaration(declarant, year=110, kind=DeclarationType.ANNUAL, items=(), **values):
    return domain.record_declaration(
        actor=None,
        declarant=declarant,
        kind=kind,
        filing_year=year,
        declared_on=values.pop("declared_on", dt.date(year + 1911, 11, 1)),
        submitted_on=values.pop("submitted_on", dt.date(year + 1911, 12, 1)),
        consented=values.pop("consented", True),
        household_salary=values.pop("household_salary", Decimal(1_200_000)),
        items=list(items),
        **values,
    )


def deposit(value, bank="臺灣銀行", owner="self"):
    return {"owner": owner, "category": "deposit", "identifier": bank, "description": "存款", "value": Decimal(value)}


@pytest.fixture
def policy(db):
    return domain.save_policy(
        actor=None,
        filing_year=110,
        review_ratio=Decimal("0.10"),
        review_rounding=Rounding.CEILING,
        comparison_ratio=Decimal("0.02"),
        comparison_rounding=Rounding.CEILING,
        comparison_base=ComparisonBase.DRAWN,
        minimum_one=True,
        pool_threshold=5,
    )


@pytest.fixture
def world(cast, policy):
    """unit_a: 12 annual declarants; unit_a1 (under unit_a): 3, so they draw with unit_a; unit_b: 6."""
    counter = iter(range(1, 1000))
    people = {"a": [], "a1": [], "b": []}
    for key, agency, size in (("a", cast.agency_a, 12), ("a1", cast.agency_a1, 3), ("b", cast.agency_b, 6)):
        for _ in range(size):
            declarant = make_declarant(agency, next(counter))
            make_declaration(declarant, 109, items=[deposit(1_000_000)])
            make_declaration(declarant, 110, items=[deposit(1_100_000)], consented=len(people[key]) != 0)
            people[key].append(declarant)
    return people


SOURCES = [{"name": "今彩539 111年1月18日", "date": dt.date(2022, 1, 18)}]
VALUES = [[3, 11, 19, 27, 35]]


@pytest.fixture
def draws(world):
    return domain.prepare_draws(actor=None, filing_year=110, scheduled_on=dt.date(2022, 1, 20), sources=SOURCES)


@pytest.fixture
def objects(cast, draws):
    """Records of unit A: a declarant, a declaration, a drawn draw, a review, a comparison run."""
    draw = next(d for d in draws if d.unit == cast.unit_a)
    draw = domain.run_draw(domain.publish_draw(draw, actor=None), actor=None, values=VALUES)
    declaration = Declaration.objects.filter(unit=cast.unit_a, filing_year=110).first()
    review = Review.objects.filter(draw=draw).first()
    run = domain.run_comparison(
        actor=None,
        unit=cast.unit_a,
        filing_year=110,
        declarations=Declaration.objects.filter(unit=cast.unit_a, filing_year=110),
        title="甲",
    )
    return {"declarant": declaration.declarant, "declaration": declaration, "draw": draw, "review": review, "run": run}

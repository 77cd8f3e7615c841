"""bench_data: real declarations and draws whose 110H2 figures are exactly twice the seed's, made again on a rerun."""

import datetime as dt
from decimal import Decimal

from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.declarations import demo, drawfile
from probity.declarations.enums import DeclarationType, DrawState
from probity.declarations.models import Declarant, Declaration, Draw, DrawPolicy, Review
from probity.declarations.queries import draw_file
from probity.org import demo as org_demo
from probity.org.models import Agency
from probity.org.scope import Scope
from tests.declarations.conftest import make_declarant, make_declaration

KEYS = [
    "declarations.consent_rate",
    "declarations.drawn.review",
    "declarations.comparison_ratio",
    "declarations.drawn.comparison",
]
PERIODS = [Period.parse("110H2"), Period.parse("111H1")]


def figures(period: str) -> list:
    return [get_indicator(key).evaluate(Period.parse(period), Scope.city()).value for key in KEYS]


def test_bench_data_gives_twice_the_seed_figures_from_real_draws_and_replaces_itself(db):
    org_demo.load()
    declarant = make_declarant(Agency.objects.get(key="police"), 1)
    real = [
        make_declaration(declarant, 109),
        make_declaration(declarant, 110, kind=DeclarationType.ON_TAKING_OFFICE, declared_on=dt.date(2021, 8, 2)),
    ]

    first = demo.bench_data(PERIODS, 2)

    assert figures("110H2") == [Decimal("98.39"), 810, 2, 148]
    assert figures("111H1") == [None, 0, None, 0]  # a first half-year reports no filing year
    draws = Draw.objects.filter(filing_year=110)
    assert {draw.state for draw in draws} == {DrawState.DRAWN}
    assert all(drawfile.verify(draw_file(draw)).match for draw in draws)
    assert Review.objects.filter(draw__filing_year=110).count() == 810 + 148
    assert DrawPolicy.objects.get(filing_year=110).basis.startswith(demo.BENCH_MARK)
    bench_declarants = Declarant.objects.filter(address__startswith=demo.BENCH_MARK).count()

    again = demo.bench_data(PERIODS, 2)

    assert figures("110H2") == [Decimal("98.39"), 810, 2, 148]
    assert again == first - bench_declarants  # the declarants of the first call are reused, the rest made anew
    assert Declaration.objects.filter(filing_year=110, kind=DeclarationType.ANNUAL).count() == bench_declarants
    assert Declaration.objects.filter(declarant=declarant).count() == len(real)


def test_bench_plan_meets_the_seed_counts_at_any_scale(db):
    org_demo.load()
    for scale in (1, 3, 10):
        drawn = [demo._drawn(demo.BENCH_POLICY, pool.size) for pool in demo.bench_plan(scale, demo.BENCH_POLICY)]
        assert [sum(review for review, _c in drawn), sum(compared for _r, compared in drawn)] == [
            405 * scale,
            74 * scale,
        ]


def test_bench_data_leaves_a_filing_year_with_real_records_alone(world):
    before = figures("110H2")

    assert demo.bench_data([Period.parse("109H2"), Period.parse("110H2")], 1) == 0

    assert figures("110H2") == before
    assert not Declarant.objects.filter(address__startswith=demo.BENCH_MARK).exists()

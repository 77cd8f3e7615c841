"""The demo's 110H2 figures come out of its records exactly as the seed report prints them.

One test (loading the demo takes a while); everything is rolled back afterwards.
"""

from decimal import Decimal

from probity.core.demo import loaders
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.declarations.models import Declarant, Draw
from probity.org.scope import Scope

KEYS = [
    "declarations.annual_declarants",
    "declarations.consent_rate",
    "declarations.drawn.review",
    "declarations.comparison_ratio",
    "declarations.drawn.comparison",
]


def figures(period):
    return [get_indicator(key).evaluate(Period.parse(period), Scope.city()).value for key in KEYS]


def load(name):
    next(loader for loader in loaders() if loader.name == name).load()


def test_demo_gives_seed_figures_for_110h2_from_real_draws(db):
    load("org")
    load("declarations")
    assert figures("110H2") == [3905, Decimal("98.39"), 405, 2, 74]
    assert figures("110H1") == [0, None, 0, None, 0]
    assert figures("109H2") != figures("110H2")
    assert figures("111H2") != figures("110H2")
    draws = Draw.objects.filter(filing_year=110)
    assert draws.count() == 69
    assert sorted(name for draw in draws for name in draw.pooled_units) == [
        "客家事務委員會兼辦政風業務",
        "那瑪夏區公所兼辦政風業務",
    ]
    count = Declarant.objects.count()
    load("declarations")
    assert Declarant.objects.count() == count

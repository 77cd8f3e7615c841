import datetime as dt

from probity.conflicts.enums import DisclosureMode, Exception_
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org.scope import Scope
from tests.conflicts.conftest import make_disclosure, make_recusal

H2 = Period(110, 2)
EDGES = (dt.date(2021, 6, 30), dt.date(2021, 7, 1), dt.date(2021, 12, 31), dt.date(2022, 1, 1))


def value(key, scope, period=H2):
    return get_indicator(key).evaluate(period, scope).value


def test_recusals_count_the_filing_date_within_the_half_year(cast):
    for day in EDGES:
        make_recusal(cast.agency_a, filed_on=day, official_name=str(day))
    make_recusal(cast.agency_b, filed_on=EDGES[1])
    make_recusal(cast.agency_a1, filed_on=EDGES[2])
    assert value("conflicts.recusals", Scope.city()) == 4
    assert value("conflicts.recusals", Scope(cast.unit_a)) == 3
    assert value("conflicts.recusals", Scope(cast.unit_a1)) == 1
    assert value("conflicts.recusals", Scope(cast.unit_b)) == 1


def test_disclosures_count_deals_within_the_half_year_without_small_amounts(cast):
    for day in EDGES:
        make_disclosure(cast.agency_a, concluded_on=day, deal_name=str(day))
    make_disclosure(cast.agency_a, concluded_on=EDGES[1], mode=DisclosureMode.PRIOR, deal_name="事前")
    make_disclosure(
        cast.agency_a, concluded_on=EDGES[1], exception=Exception_.SMALL_AMOUNT, amount=500, deal_name="小額"
    )
    make_disclosure(cast.agency_b, concluded_on=EDGES[2], deal_name="乙局")
    assert value("conflicts.disclosures", Scope.city()) == 4
    assert value("conflicts.disclosures", Scope(cast.unit_a)) == 3
    assert value("conflicts.disclosures", Scope(cast.unit_b)) == 1
    records = get_indicator("conflicts.disclosures").evaluate(H2, Scope.city()).records
    assert all(record.get_absolute_url() for record in records)

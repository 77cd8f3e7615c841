"""bench_data: real activity records at a multiple of the seed's volume, replaced (not added to) when run again."""

import datetime as dt

import pytest

from bench.reports_build import SEED_VOLUME
from probity.activities import demo
from probity.activities.enums import InspectionStatus
from probity.activities.models import Inspection, InspectionFollowUp, Meeting, Outreach, Proposal, ProtestAlert
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org import demo as org_demo
from probity.org.scope import Scope
from tests.activities.conftest import make_meeting

PERIODS = [Period.parse("110H2"), Period.parse("111H1")]
KEYS = [key for key in SEED_VOLUME if key.startswith("activities.")]
MODELS = (Meeting, Proposal, Outreach, Inspection, InspectionFollowUp, ProtestAlert)


@pytest.fixture
def real_meeting(db):
    """A meeting recorded the ordinary way in 110H2, which bench_data must leave alone."""
    org_demo.load()
    agencies, _ = demo._agencies_with_units()
    return make_meeting(agencies[0], date=dt.date(2021, 9, 15), proposals=1)


def _values(period: Period) -> dict[str, int]:
    return {key: get_indicator(key).evaluate(period, Scope.city()).value for key in KEYS}


def _expected(scale: int) -> dict[str, int]:
    """The seed figures times ``scale``, plus the one real integrity meeting and its proposal."""
    expected = {key: SEED_VOLUME[key][0] * scale for key in KEYS}
    expected["activities.meetings.integrity"] += 1
    expected["activities.proposals.integrity"] += 1
    return expected


def test_bench_data_gives_the_seed_figures_times_the_scale(real_meeting):
    created = demo.bench_data(PERIODS, 2)

    assert _values(PERIODS[0]) == _expected(2)
    assert _values(PERIODS[1]) == {key: SEED_VOLUME[key][0] * 2 for key in KEYS}
    assert created == sum(model.objects.count() for model in MODELS) - 2  # all but the real meeting and proposal


def test_bench_data_twice_replaces_its_records(real_meeting):
    demo.bench_data(PERIODS, 2)
    counts = [model.objects.count() for model in MODELS]

    demo.bench_data(PERIODS, 2)

    assert _values(PERIODS[0]) == _expected(2)
    assert [model.objects.count() for model in MODELS] == counts
    real_meeting.refresh_from_db()
    assert real_meeting.proposals.count() == 1


def test_bench_data_for_other_half_years_keeps_the_first(real_meeting):
    demo.bench_data(PERIODS[:1], 1)
    demo.bench_data(PERIODS[1:], 2)

    assert _values(PERIODS[0]) == _expected(1)
    assert _values(PERIODS[1]) == {key: SEED_VOLUME[key][0] * 2 for key in KEYS}


def test_bench_records_are_valid_and_marked(real_meeting):
    demo.bench_data(PERIODS[:1], 1)

    for model in MODELS:
        bench = model.objects.filter(code__range=demo.BENCH_CODES)
        assert bench.exists(), model
        bench.first().full_clean()  # fields, choices and unique natural keys as the domain checks them
    assert Meeting.objects.exclude(code__range=demo.BENCH_CODES).get() == real_meeting
    assert Inspection.objects.filter(status=InspectionStatus.FOLLOWING_UP).exists()

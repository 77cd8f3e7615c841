import datetime as dt

import pytest

from probity.complaints import domain, vault
from probity.complaints.demo import bench_data
from probity.complaints.enums import Category, Channel, OffenceType
from probity.complaints.models import CaseCounter, Complaint, ProsecutorReferral, SealedIdentity
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org.models import Agency
from probity.org.scope import Scope
from tests.complaints.conftest import IDENTITY
from tests.complaints.test_indicators import SEED_110H2

# The record made outside the bench: one named case still open, and its referral to prosecutors.
OWN_RECORDS = {
    "complaints.received": 1,
    "complaints.received.named": 1,
    "complaints.outcome.open": 1,
    "complaints.prosecutor_referrals": 1,
}
PERIODS = [Period.parse("110H2"), Period.parse("111H1")]


def _figures(period: str) -> dict[str, int]:
    return {key: get_indicator(key).evaluate(Period.parse(period), Scope.city()).value for key in SEED_110H2}


@pytest.fixture
def own_referral(db):
    from probity.org.demo import load as load_org

    load_org()
    agency = Agency.objects.get(key="police")
    complaint = domain.receive_complaint(
        actor=None,
        agency=agency,
        channel=Channel.LETTER,
        received_on=dt.date(2021, 8, 2),
        is_anonymous=False,
        categories=[Category.BRIBERY],
        summary="警察局員警涉嫌收受業者賄賂",
        identity=IDENTITY,
    )
    return domain.refer_to_prosecutors(
        actor=None,
        unit=complaint.unit,
        agency=agency,
        complaint=complaint,
        office="臺灣高雄地方檢察署",
        referred_on=dt.date(2021, 9, 1),
        doc_no="高市政風字第1100900001號",
        offence_types=[OffenceType.CORRUPTION],
        summary="警察局員警涉嫌貪污案",
    )


def test_bench_data_gives_twice_the_seed_and_reruns_without_doubling(own_referral):
    expected = {key: 2 * value + OWN_RECORDS.get(key, 0) for key, value in SEED_110H2.items()}
    rows = bench_data(PERIODS, 2)
    assert _figures("110H2") == expected
    assert _figures("111H1") == {key: 2 * value for key, value in SEED_110H2.items()}
    assert bench_data(PERIODS, 2) == rows
    assert _figures("110H2") == expected
    assert Complaint.objects.filter(pk=own_referral.complaint_id).exists()
    assert ProsecutorReferral.objects.filter(pk=own_referral.pk).exists()


def test_bench_cases_are_numbered_from_the_counters_and_named_ones_sealed(own_referral):
    bench = Complaint.objects.filter(legacy_number__startswith="BENCH-110H2-")
    own = Complaint.objects.filter(pk=own_referral.complaint_id)
    bench_data(PERIODS[:1], 1)
    first_run = set(bench.values_list("unit_id", "roc_year", "sequence"))
    bench_data(PERIODS[:1], 1)
    numbers = set(bench.values_list("unit_id", "roc_year", "sequence"))
    last = {(c.unit_id, c.roc_year): c.last for c in CaseCounter.objects.all()}
    # A rerun takes new numbers: removed bench cases leave gaps, never a number given twice.
    assert len(numbers) == 571
    assert not numbers & (first_run | set(own.values_list("unit_id", "roc_year", "sequence")))
    assert all(sequence <= last[unit_id, roc_year] for unit_id, roc_year, sequence in numbers)
    assert SealedIdentity.objects.filter(complaint__in=bench).count() == bench.filter(is_anonymous=False).count()
    sealed = SealedIdentity.objects.filter(complaint__in=bench).first()
    assert vault.open_sealed(sealed.ciphertext).name

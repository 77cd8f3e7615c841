"""bench_data: scale × the seed's 110H2 figures, the same after a re-run, other records untouched."""

import datetime as dt
import io

import pytest

from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org import demo as org_demo
from probity.org.models import Agency, EthicsUnit
from probity.org.scope import Scope
from probity.prevention import domain
from probity.prevention.demo import bench_data
from probity.prevention.enums import NominationStatus, SelectionStage
from probity.prevention.models import PreventiveAction, RoleModelNomination, RoleModelSelection, SpecialAudit
from tests.prevention.conftest import make_audit

H2, NEXT_H1 = Period(110, 2), Period(111, 1)
# 2 × the seed's 110H2 figures (13, 18, 4; 22 agencies, 43 nominees, 15 selected).
EXPECTED_110H2 = {
    "prevention.special_audits": 26,
    "prevention.preventive_actions": 36,
    "prevention.repreventions": 8,
    "prevention.role_models.agencies": 44,
    "prevention.role_models.nominees": 86,
    "prevention.role_models.selected": 30,
}
# The selection is announced in the second half, so the first half has none.
EXPECTED_111H1 = {
    **EXPECTED_110H2,
    "prevention.role_models.agencies": 0,
    "prevention.role_models.nominees": 0,
    "prevention.role_models.selected": 0,
}
# Per half-year at scale 2: 26 audits, 36 warnings and corrections, 6 reform proposals, 8 re-prevention reports.
ROWS_PER_HALF = 26 + 36 + 6 + 8


def figures(period):
    return {key: get_indicator(key).evaluate(period, Scope.city()).value for key in EXPECTED_110H2}


@pytest.fixture
def org(db):
    org_demo.load_organisation()


def test_bench_data_gives_twice_the_seed_and_a_rerun_replaces_its_own_rows(org):
    kept = make_audit(Agency.objects.get(key="police"), completed_on=dt.date(2021, 9, 1), title="非效能測試稽核")
    output = io.StringIO()

    rows = bench_data([H2, NEXT_H1], 2, output)

    assert rows == 2 * ROWS_PER_HALF + 1 + 86
    assert "prevention" in output.getvalue()
    assert figures(H2) == {**EXPECTED_110H2, "prevention.special_audits": 27}
    assert figures(NEXT_H1) == EXPECTED_111H1

    assert bench_data([H2, NEXT_H1], 2) == rows
    assert figures(H2) == {**EXPECTED_110H2, "prevention.special_audits": 27}
    assert figures(NEXT_H1) == EXPECTED_111H1
    assert bench_data([NEXT_H1], 2) == ROWS_PER_HALF
    assert figures(H2) == {**EXPECTED_110H2, "prevention.special_audits": 27}
    assert figures(NEXT_H1) == EXPECTED_111H1
    assert SpecialAudit.objects.filter(pk=kept.pk).exists()


def test_bench_rows_are_spread_and_consistent(org):
    bench_data([H2], 2)
    audits = SpecialAudit.objects.all()
    assert audits.values("agency").distinct().count() == 26
    assert all(H2.contains(audit.completed_on) and audit.unit_id for audit in audits)
    assert PreventiveAction.objects.values("raised_on").distinct().count() == 42
    selection = RoleModelSelection.objects.get(roc_year=110)
    assert selection.stage == SelectionStage.ANNOUNCED and H2.contains(selection.announced_on)
    statuses = set(RoleModelNomination.objects.values_list("status", flat=True))
    assert statuses == {NominationStatus.SELECTED, NominationStatus.NOT_SELECTED}


def test_a_year_whose_selection_was_not_made_by_the_bench_keeps_it(org):
    department = EthicsUnit.objects.get(parent__isnull=True)
    selection = domain.open_selection(
        actor=None, unit=department, roc_year=110, nomination_deadline=dt.date(2021, 2, 28)
    )
    domain.nominate(
        actor=None,
        selection=selection,
        agency=Agency.objects.get(key="police"),
        nominee="王大明",
        title="技正",
        deed_category="refused_bribe",
        deeds="拒收廠商餽贈",
        nominated_on=dt.date(2021, 2, 20),
    )

    assert bench_data([H2], 2) == ROWS_PER_HALF
    assert bench_data([H2], 2) == ROWS_PER_HALF
    assert list(RoleModelSelection.objects.values_list("pk", flat=True)) == [selection.pk]
    assert RoleModelNomination.objects.get().nominee == "王大明"


def test_the_role_model_figures_stop_at_the_quotas(org):
    bench_data([H2], 10)
    first_level = Agency.objects.filter(depth=1, is_active=True).exclude(key="ethics")
    quotas = sum(domain.nomination_quota(agency) for agency in first_level)
    assert figures(H2)["prevention.role_models.agencies"] == first_level.count()
    assert figures(H2)["prevention.role_models.nominees"] == quotas
    assert figures(H2)["prevention.role_models.selected"] == quotas

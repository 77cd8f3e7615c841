"""Recommendation tracking, the nomination quota and review stages, the risk matrix and reviews."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from probity.audit.models import AuditEvent
from probity.org.enums import AgencyKind
from probity.prevention import domain, queries
from probity.prevention.enums import NominationStatus, RecommendationStatus, SelectionStage
from probity.prevention.models import RiskMatrix
from tests.factories import make_agency
from tests.prevention.conftest import make_audit, make_nomination, make_risk, make_selection

DUE = dt.date(2021, 11, 1)


@pytest.fixture
def recommendation(cast):
    audit = make_audit(cast.agency_a)
    return domain.add_recommendation(audit, actor=cast.officer, text="建立抽查機制", reply_due=DUE)


# Recommendation tracking ------------------------------------------------------------------


def test_recommendation_adopted_is_final(cast, recommendation):
    domain.track_recommendation(recommendation, actor=cast.officer, to=RecommendationStatus.ADOPTED, on=DUE)
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.ADOPTED
    assert recommendation.decided_on == DUE
    with pytest.raises(ValidationError):
        domain.track_recommendation(
            recommendation, actor=cast.officer, to=RecommendationStatus.REJECTED, on=DUE, reason="x"
        )


def test_recommendation_rejected_needs_a_reason(cast, recommendation):
    with pytest.raises(ValidationError) as error:
        domain.track_recommendation(
            recommendation, actor=cast.officer, to=RecommendationStatus.REJECTED, on=DUE, reason=" "
        )
    assert "reason" in error.value.message_dict
    domain.track_recommendation(
        recommendation, actor=cast.officer, to=RecommendationStatus.REJECTED, on=DUE, reason="人力不足"
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.reason) == (RecommendationStatus.REJECTED, "人力不足")


def test_recommendation_overdue_only_after_the_reply_date(cast, recommendation):
    with pytest.raises(ValidationError):
        domain.track_recommendation(recommendation, actor=cast.officer, to=RecommendationStatus.OVERDUE, on=DUE)
    domain.track_recommendation(
        recommendation, actor=cast.officer, to=RecommendationStatus.OVERDUE, on=DUE + dt.timedelta(days=1)
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.OVERDUE


def test_recommendation_overdue_can_still_be_adopted_late(cast, recommendation):
    domain.track_recommendation(
        recommendation, actor=None, to=RecommendationStatus.OVERDUE, on=DUE + dt.timedelta(days=1)
    )
    domain.track_recommendation(
        recommendation, actor=cast.officer, to=RecommendationStatus.ADOPTED, on=DUE + dt.timedelta(days=9)
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.ADOPTED


def test_recommendation_tracking_is_audited(cast, recommendation):
    domain.track_recommendation(recommendation, actor=cast.officer, to=RecommendationStatus.ADOPTED, on=DUE)
    event = AuditEvent.objects.filter(verb="prevention.recommendation.tracked").get()
    assert event.target_code == str(recommendation.code)
    assert event.data["from"] == "pending" and event.data["to"] == "adopted"


def test_mark_overdue_recommendations_marks_only_pending_past_due(cast, recommendation):
    audit = recommendation.audit
    later = domain.add_recommendation(audit, actor=None, text="後到期", reply_due=DUE + dt.timedelta(days=1))
    assert domain.mark_overdue_recommendations(actor=None, today=DUE + dt.timedelta(days=1)) == 1
    recommendation.refresh_from_db()
    later.refresh_from_db()
    assert recommendation.status == RecommendationStatus.OVERDUE
    assert later.status == RecommendationStatus.PENDING


def test_overdue_worklist_lists_unanswered_past_due_in_scope(cast, recommendation):
    day_after = DUE + dt.timedelta(days=1)
    assert list(queries.overdue_recommendations(cast.officer, today=day_after)) == [recommendation]
    assert list(queries.overdue_recommendations(cast.officer, today=DUE)) == []
    assert list(queries.overdue_recommendations(cast.outsider, today=day_after)) == []


def test_recommendation_outside_scope_cannot_be_tracked(cast, recommendation):
    with pytest.raises(PermissionDenied):
        domain.track_recommendation(recommendation, actor=cast.outsider, to=RecommendationStatus.ADOPTED, on=DUE)


def test_audit_with_period_end_before_start_is_refused(cast):
    with pytest.raises(ValidationError):
        make_audit(cast.agency_a, audited_from=dt.date(2021, 6, 1), audited_to=dt.date(2021, 1, 1))


def test_officer_cannot_record_an_audit_for_another_units_agency(cast):
    with pytest.raises(PermissionDenied):
        domain.create_special_audit(
            actor=cast.outsider,
            agency=cast.agency_a,
            title="越權",
            business="x",
            audited_from=DUE,
            audited_to=DUE,
            completed_on=DUE,
        )


def test_audit_unit_defaults_from_the_agency(cast):
    audit = make_audit(cast.agency_a1)
    assert audit.unit == cast.unit_a1


# Role-model quota and stages --------------------------------------------------------------


def test_quota_is_two_without_subordinate_agencies(cast):
    selection = make_selection(cast)
    make_nomination(selection, cast.agency_b, nominee="一")
    make_nomination(selection, cast.agency_b, nominee="二")
    with pytest.raises(ValidationError) as error:
        make_nomination(selection, cast.agency_b, nominee="三")
    assert "上限" in str(error.value)


def test_quota_is_three_with_subordinate_agencies_counting_subordinates(cast):
    selection = make_selection(cast)
    make_nomination(selection, cast.agency_a, nominee="一")
    make_nomination(selection, cast.agency_a1, nominee="二")
    make_nomination(selection, cast.agency_a1, nominee="三")
    with pytest.raises(ValidationError):
        make_nomination(selection, cast.agency_a, nominee="四")
    assert selection.nominations.filter(nominating_agency=cast.agency_a).count() == 3


def test_quota_is_per_year(cast):
    first, second = make_selection(cast, year=110), make_selection(cast, year=111)
    for name in ("一", "二"):
        make_nomination(first, cast.agency_b, nominee=name)
    make_nomination(second, cast.agency_b, nominee="三")
    assert second.nominations.count() == 1


def test_city_itself_cannot_nominate(cast):
    with pytest.raises(ValidationError):
        make_nomination(make_selection(cast), cast.city)


def test_nomination_closed_after_the_nominating_stage(cast):
    selection = make_selection(cast)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FIRST_REVIEW, on=DUE)
    with pytest.raises(ValidationError):
        make_nomination(selection, cast.agency_a)


def test_selection_stages_run_in_order(cast):
    selection = make_selection(cast)
    with pytest.raises(ValidationError):
        domain.advance_selection(selection, actor=None, to=SelectionStage.FINAL_REVIEW, on=DUE)


def test_selected_only_in_final_review_after_shortlisting(cast):
    selection = make_selection(cast)
    nomination = make_nomination(selection, cast.agency_a)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FIRST_REVIEW, on=DUE)
    with pytest.raises(ValidationError):
        domain.review_nomination(nomination, actor=None, to=NominationStatus.SELECTED)
    domain.review_nomination(nomination, actor=None, to=NominationStatus.SHORTLISTED)
    with pytest.raises(ValidationError):
        domain.review_nomination(nomination, actor=None, to=NominationStatus.SELECTED)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FINAL_REVIEW, on=DUE)
    domain.review_nomination(nomination, actor=None, to=NominationStatus.SELECTED)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SELECTED


def test_announcement_settles_the_rest_as_not_selected(cast):
    selection = make_selection(cast)
    chosen = make_nomination(selection, cast.agency_a, nominee="選出")
    shortlisted = make_nomination(selection, cast.agency_a, nominee="入圍")
    make_nomination(selection, cast.agency_b, nominee="未審")
    domain.advance_selection(selection, actor=None, to=SelectionStage.FIRST_REVIEW, on=DUE)
    for nomination in (chosen, shortlisted):
        domain.review_nomination(nomination, actor=None, to=NominationStatus.SHORTLISTED)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FINAL_REVIEW, on=DUE)
    domain.review_nomination(chosen, actor=None, to=NominationStatus.SELECTED)
    domain.advance_selection(selection, actor=None, to=SelectionStage.ANNOUNCED, on=DUE)
    statuses = dict(selection.nominations.values_list("nominee", "status"))
    assert statuses == {"選出": "selected", "入圍": "not_selected", "未審": "not_selected"}
    selection.refresh_from_db()
    assert selection.announced_on == DUE


def test_announcement_needs_someone_selected(cast):
    selection = make_selection(cast)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FIRST_REVIEW, on=DUE)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FINAL_REVIEW, on=DUE)
    with pytest.raises(ValidationError):
        domain.advance_selection(selection, actor=None, to=SelectionStage.ANNOUNCED, on=DUE)


# Risk matrix and register --------------------------------------------------------------------


@pytest.fixture
def asymmetric(db):
    """4 likelihoods × 3 impacts; cell levels chosen so no product of indices could give them."""
    return domain.create_matrix(
        actor=None,
        name="不對稱",
        likelihoods=["罕見", "偶爾", "可能", "經常"],
        impacts=["輕微", "中度", "重大"],
        levels=["低", "中", "高", "極高"],
        grid=[[0, 1, 3], [0, 1, 2], [1, 2, 3], [0, 3, 3]],
    )


def test_default_matrix_is_three_by_three(db):
    matrix = queries.default_matrix()
    assert (len(matrix.likelihoods), len(matrix.impacts), len(matrix.levels)) == (3, 3, 3)
    assert matrix.level_for(0, 0) == 0
    assert matrix.level_for(2, 2) == 2
    assert matrix.level_for(1, 2) == 2


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [(0, 0, 0), (0, 2, 3), (3, 0, 0), (3, 1, 3), (2, 0, 1), (1, 2, 2), (3, 2, 3)],
)
def test_asymmetric_matrix_level_is_a_lookup(asymmetric, likelihood, impact, level):
    assert asymmetric.level_for(likelihood, impact) == level


@pytest.mark.parametrize(("likelihood", "impact"), [(4, 0), (0, 3), (-1, 0)])
def test_matrix_lookup_outside_the_grid_is_refused(asymmetric, likelihood, impact):
    with pytest.raises(ValueError):
        asymmetric.level_for(likelihood, impact)


@pytest.mark.parametrize(
    "grid",
    [
        [[0, 1, 2], [0, 1, 2], [0, 1, 2]],  # 3 rows for 4 likelihoods
        [[0, 1], [0, 1], [0, 1], [0, 1]],  # 2 cells for 3 impacts
        [[0, 1, 4], [0, 1, 2], [0, 1, 2], [0, 1, 2]],  # level 4 does not exist
    ],
)
def test_matrix_with_a_bad_grid_is_refused(db, grid):
    with pytest.raises(ValidationError):
        domain.create_matrix(
            actor=None, name="壞", likelihoods=list("1234"), impacts=list("123"), levels=list("1234"), grid=grid
        )


def test_new_default_matrix_replaces_the_old_default(asymmetric):
    new = domain.create_matrix(
        actor=None, name="新預設", likelihoods=["低"], impacts=["低"], levels=["低"], grid=[[0]], is_default=True
    )
    assert list(RiskMatrix.objects.filter(is_default=True)) == [new]


def test_risk_levels_come_from_its_matrix(cast, asymmetric):
    risk = make_risk(
        cast.agency_a,
        matrix=asymmetric,
        inherent_likelihood=3,
        inherent_impact=1,
        residual_likelihood=2,
        residual_impact=0,
    )
    assert (risk.inherent_level, risk.residual_level) == (3, 1)
    assert (risk.inherent_label, risk.residual_label) == ("極高", "中")


def test_risk_outside_its_matrix_is_refused(cast):
    with pytest.raises(ValidationError):
        make_risk(cast.agency_a, inherent_likelihood=3)


def test_risk_review_updates_residual_level_and_next_review(cast, asymmetric):
    risk = make_risk(cast.agency_a, matrix=asymmetric, inherent_likelihood=3, inherent_impact=2)
    domain.review_risk(
        risk,
        actor=cast.officer,
        reviewed_on=DUE,
        note="控制措施已落實",
        residual_likelihood=0,
        residual_impact=1,
        next_review_on=DUE + dt.timedelta(days=180),
    )
    risk.refresh_from_db()
    assert (risk.residual_level, risk.next_review_on) == (1, DUE + dt.timedelta(days=180))
    assert risk.reviews.get().residual_label == "中"


def test_risk_review_must_set_a_later_next_review(cast):
    risk = make_risk(cast.agency_a)
    with pytest.raises(ValidationError):
        domain.review_risk(risk, actor=None, reviewed_on=DUE, note="x", next_review_on=DUE)


def test_risks_due_for_review_lists_open_overdue_in_scope(cast):
    due = make_risk(cast.agency_a, title="逾期", next_review_on=DUE)
    make_risk(cast.agency_a, title="當日", next_review_on=DUE + dt.timedelta(days=1))
    make_risk(cast.agency_a, title="已結案", next_review_on=DUE - dt.timedelta(days=9), is_closed=True)
    make_risk(cast.agency_b, title="乙局", next_review_on=DUE)
    assert list(queries.risks_due_for_review(cast.officer, today=DUE + dt.timedelta(days=1))) == [due]


def test_risk_links_to_audits_and_actions(cast):
    audit = make_audit(cast.agency_a)
    risk = make_risk(cast.agency_a, audits=[audit])
    assert list(audit.risks.all()) == [risk]


def test_subordinate_agency_kind_does_not_change_the_unit_scope(cast):
    agency = make_agency(parent=cast.agency_b, key="b-sub", name="乙局所屬", kind=AgencyKind.SUBORDINATE)
    risk = make_risk(agency)
    assert risk.unit == cast.unit_b


def test_selection_and_matrices_are_the_departments_to_run(cast):
    selection = make_selection(cast)
    nomination = make_nomination(selection, cast.agency_a)
    with pytest.raises(PermissionDenied):
        domain.advance_selection(selection, actor=cast.officer, to=SelectionStage.FIRST_REVIEW, on=DUE)
    with pytest.raises(PermissionDenied):
        domain.review_nomination(nomination, actor=cast.officer, to=NominationStatus.NOT_SELECTED)
    with pytest.raises(PermissionDenied):
        domain.open_selection(actor=cast.officer, unit=cast.unit_a, roc_year=120, nomination_deadline=DUE)
    with pytest.raises(PermissionDenied):
        domain.create_matrix(actor=cast.auditor, name="x", likelihoods=["1"], impacts=["1"], levels=["1"], grid=[[0]])
    domain.advance_selection(selection, actor=cast.admin, to=SelectionStage.FIRST_REVIEW, on=DUE)


def test_update_checks_the_records_own_agency_too(cast):
    audit = make_audit(cast.agency_a)
    with pytest.raises(PermissionDenied):
        domain.update_special_audit(audit, actor=cast.outsider, agency=cast.agency_b, title="搬走")
    audit.refresh_from_db()
    assert audit.agency == cast.agency_a

"""A case review opened from a year-over-year comparison's flags: the flags are recorded as why this declarant was
chosen beside the random draw (hybrid selection), once per result, by those who may write, for each role."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from probity.audit.models import AuditEvent
from probity.declarations import domain
from probity.declarations.enums import ReviewKind
from probity.declarations.models import ComparisonRun, Declaration, Review
from tests.declarations.conftest import deposit, make_declarant, make_declaration


@pytest.fixture
def compared(cast):
    """Unit A's declarant whose deposits grew by 5 million on a 1.2 million salary, and one whose did not."""
    flagged, steady = make_declarant(cast.agency_a, 1), make_declarant(cast.agency_a, 2)
    for person, after in ((flagged, 6_000_000), (steady, 1_100_000)):
        make_declaration(person, year=109, items=[deposit(1_000_000)])
        make_declaration(person, year=110, items=[deposit(after)])
    run = domain.run_comparison(
        actor=None,
        unit=cast.unit_a,
        filing_year=110,
        declarations=Declaration.objects.filter(filing_year=110),
        title="甲局110年度",
    )
    results = {result.declarant_id: result for result in run.results.all()}
    return run, results[flagged.pk], results[steady.pk]


def _url(run, result) -> str:
    return reverse("declarations:comparison_review_create", args=[run.code, result.pk])


@pytest.mark.parametrize(
    ("role", "status", "opened"),
    [("admin", 302, 1), ("officer", 302, 1), ("outsider", 404, 0), ("auditor", 403, 0), ("anonymous", 302, 0)],
)
def test_who_may_open_a_review_from_a_flag(clients, compared, role, status, opened):
    run, flagged, _steady = compared
    response = clients[role].post(_url(run, flagged))
    assert response.status_code == status
    assert Review.objects.filter(comparison=flagged).count() == opened
    if role == "anonymous":
        assert response["Location"].startswith("/org/login/")


def test_the_review_records_its_trigger_and_the_page_says_why(clients, compared):
    run, flagged, _steady = compared
    response = clients["officer"].post(_url(run, flagged))
    review = Review.objects.get(comparison=flagged)
    assert response["Location"] == review.get_absolute_url()
    assert (review.kind, review.declaration, review.opened_on) == (
        ReviewKind.CASE,
        flagged.current,
        timezone.localdate(),
    )
    event = AuditEvent.objects.filter(verb="declarations.review.opened").latest("pk")
    assert (event.data["comparison"], event.data["risk"]) == (str(run.code), str(flagged.risk))
    page = clients["officer"].get(review.get_absolute_url()).content.decode()
    assert f'<a href="{run.get_absolute_url()}">甲局110年度（109→110）</a>：風險分數 {flagged.risk}' in page
    assert "財產淨額增加 5,000,000 元，超過本人、配偶及未成年子女全年薪資所得 1,200,000 元" in page
    clients["officer"].cookies["django_language"] = "en"
    english = clients["officer"].get(review.get_absolute_url()).content.decode()
    assert f"Annual declaration of {flagged.declarant.name}, filing year 110</a>" in english
    assert f"</a>: risk score {flagged.risk}" in english
    assert (
        "The net worth rose by NT$5,000,000, more than the year&#x27;s salary income of the declarant, spouse and "
        "minor children (NT$1,200,000)" in english
    )
    comparison_page = clients["officer"].get(run.get_absolute_url()).content.decode()
    assert "Cash and deposits rose by NT$5,000,000, 4.2 times the year&#x27;s salary income." in comparison_page


def test_the_comparison_page_offers_the_button_once(clients, compared):
    run, flagged, _steady = compared
    button = f'action="{_url(run, flagged)}"'
    page = clients["officer"].get(run.get_absolute_url(), {"all": "1"}).content.decode()
    assert page.count('class="secondary outline small-action">開啟個案查核</button>') == 1  # the steady one has none
    assert button in page
    assert button not in clients["auditor"].get(run.get_absolute_url()).content.decode()
    clients["admin"].cookies["django_language"] = "en"
    assert ">Open a case review</button>" in clients["admin"].get(run.get_absolute_url()).content.decode()
    clients["officer"].post(_url(run, flagged))
    page = clients["officer"].get(run.get_absolute_url()).content.decode()
    assert button not in page
    assert f"已開啟個案查核（{timezone.localdate().year - 1911}/" in page


def test_a_result_opens_one_review_and_only_with_flags(clients, compared):
    run, flagged, steady = compared
    clients["officer"].post(_url(run, flagged))
    again = clients["officer"].post(_url(run, flagged), follow=True)
    assert "已依這筆比對結果開啟個案查核。" in again.content.decode()
    quiet = clients["officer"].post(_url(run, steady), follow=True)
    assert "這筆比對結果沒有異常，不須開啟個案查核。" in quiet.content.decode()
    assert Review.objects.filter(comparison__isnull=False).count() == 1


def test_a_result_of_another_run_is_not_found(clients, compared, cast):
    run, flagged, _steady = compared
    other = domain.run_comparison(
        actor=None,
        unit=cast.unit_a,
        filing_year=110,
        declarations=Declaration.objects.filter(pk=flagged.current_id),
        title="再比一次",
    )
    assert clients["officer"].post(_url(other, flagged)).status_code == 404


def test_the_domain_refuses_a_comparison_of_another_declaration(compared):
    _run, flagged, steady = compared
    with pytest.raises(ValidationError, match="比對結果與受審查之申報不符"):
        domain.open_review(
            actor=None,
            declaration=steady.current,
            kind=ReviewKind.CASE,
            opened_on=dt.date(2022, 3, 1),
            comparison=flagged,
        )
    assert flagged.risk > Decimal(0)


def test_vanished_assets_are_named_in_the_readers_language():
    from django.utils import translation

    from probity.core.language import in_readers_language
    from probity.declarations import comparison

    vanished = [("land", Decimal(3_000_000)), ("car", Decimal(486_000))]
    (flag,) = comparison.flags_for(
        net_change=Decimal(0),
        salary=Decimal(1_000_000),
        debt_change=Decimal(0),
        liquid_change=Decimal(0),
        new_real_estate=Decimal(0),
        vanished=vanished,
        rules=comparison.Rules(),
    )
    assert flag.explanation == "前次申報之財產本次未見：土地3,000,000元、汽車486,000元，應查明去向。"
    with translation.override("en"):
        assert in_readers_language(flag.explanation) == (
            "Assets of the previous declaration missing from this one: Land NT$3,000,000, Vehicles NT$486,000; "
            "where they went is to be asked."
        )


def test_a_comparison_that_fails_half_way_leaves_no_run(cast, monkeypatch):
    person = make_declarant(cast.agency_a, 1)
    make_declaration(person, year=109, items=[deposit(1_000_000)])
    make_declaration(person, year=110, items=[deposit(2_000_000)])

    def broken(*args, **kwargs):
        raise RuntimeError("engine failed")

    monkeypatch.setattr(domain.comparison, "compare", broken)
    with pytest.raises(RuntimeError):
        domain.run_comparison(
            actor=None,
            unit=cast.unit_a,
            filing_year=110,
            declarations=Declaration.objects.filter(filing_year=110),
            title="甲局110年度",
        )
    assert ComparisonRun.objects.count() == 0

"""A case-triggered review names its complaint case, chosen from the cases the user may see."""

import datetime as dt

import pytest
from django.urls import reverse

from probity.complaints import domain as complaints
from probity.complaints.enums import Category, Channel
from probity.declarations import domain
from probity.declarations.enums import ReviewKind
from probity.declarations.models import Declaration, Review


def _complaint(cast, agency, summary):
    return complaints.receive_complaint(
        actor=None,
        agency=agency,
        channel=Channel.LETTER,
        received_on=dt.date(2022, 1, 3),
        is_anonymous=True,
        categories=[Category.OTHER],
        summary=summary,
    )


@pytest.fixture
def cases(cast):
    return {"a": _complaint(cast, cast.agency_a, "甲局財產申報不實"), "b": _complaint(cast, cast.agency_b, "乙局案件")}


def test_open_review_links_the_complaint(world, cases):
    declaration = Declaration.objects.first()
    review = domain.open_review(
        actor=None,
        declaration=declaration,
        kind=ReviewKind.CASE,
        opened_on=dt.date(2022, 1, 5),
        complaint=cases["a"],
    )
    assert review.complaint == cases["a"]
    assert review.complaint_ref == ""


def test_case_review_form_offers_only_visible_complaints(clients, objects, cases):
    url = reverse("declarations:case_review_create", args=[objects["declaration"].code])
    choices = list(clients["officer"].get(url).context["form"].fields["complaint"].queryset)
    assert choices == [cases["a"]]


def test_case_review_through_the_page_with_a_complaint(clients, objects, cases):
    url = reverse("declarations:case_review_create", args=[objects["declaration"].code])
    response = clients["officer"].post(url, {"complaint": cases["a"].pk, "opened_on": "111/02/01"})
    assert response.status_code == 302
    review = Review.objects.get(kind=ReviewKind.CASE)
    assert review.complaint == cases["a"]
    detail = clients["officer"].get(review.get_absolute_url()).content.decode()
    assert cases["a"].get_absolute_url() in detail


def test_case_review_refuses_a_complaint_out_of_scope(clients, objects, cases):
    url = reverse("declarations:case_review_create", args=[objects["declaration"].code])
    response = clients["officer"].post(url, {"complaint": cases["b"].pk, "opened_on": "111/02/01"})
    assert response.status_code == 200
    assert not Review.objects.filter(kind=ReviewKind.CASE).exists()


def test_case_review_needs_a_complaint_or_a_number(clients, objects):
    url = reverse("declarations:case_review_create", args=[objects["declaration"].code])
    response = clients["officer"].post(url, {"opened_on": "111/02/01"})
    assert response.status_code == 200
    assert "請選擇檢舉案件或填寫檢舉案號。" in response.content.decode()


def test_open_review_refuses_a_complaint_the_actor_cannot_see(world, cases, cast):
    from django.core.exceptions import ValidationError

    declaration = Declaration.objects.first()
    with pytest.raises(ValidationError) as refused:
        domain.open_review(
            actor=cast.officer,
            declaration=declaration,
            kind=ReviewKind.CASE,
            opened_on=dt.date(2022, 1, 5),
            complaint=cases["b"],
        )
    assert refused.value.message_dict == {"complaint": ["只能連結您權限範圍內的檢舉案件。"]}
    assert not Review.objects.filter(kind=ReviewKind.CASE).exists()

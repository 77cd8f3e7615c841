"""The public disclosure listing: no login, only published post-publication disclosures, only the law's fields."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from probity.conflicts.enums import DisclosureMode, Exception_
from tests.conflicts.conftest import make_disclosure

PUBLISHED = dt.date(2021, 9, 10)


@pytest.fixture
def published(cast):
    return make_disclosure(
        cast.agency_a,
        deal_name="校舍修繕工程",
        is_organisation=True,
        business_id="12345678",
        representative="王代表",
        roles_held="董事",
        related_party_name="王氏營造有限公司",
        counterparty="王氏營造有限公司",
        amount=1_250_000,
        internal_note="內部備註：承辦人張三電話0912",
        published_on=PUBLISHED,
    )


def test_listing_needs_no_login_and_shows_published(published):
    response = Client().get(reverse("portal:disclosure_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "校舍修繕工程" in body
    assert "1,250,000" in body


def test_listing_hides_unpublished_prior_and_small_amount(cast, published):
    make_disclosure(cast.agency_a, deal_name="尚未公開案")
    make_disclosure(cast.agency_a, deal_name="事前揭露案", mode=DisclosureMode.PRIOR, published_on=None)
    make_disclosure(cast.agency_a, deal_name="小額案", exception=Exception_.SMALL_AMOUNT, amount=500)
    body = Client().get(reverse("portal:disclosure_list")).content.decode()
    for hidden in ("尚未公開案", "事前揭露案", "小額案"):
        assert hidden not in body


def test_listing_hides_what_is_published_in_the_future(cast):
    make_disclosure(cast.agency_a, deal_name="明日公開", published_on=dt.date.today() + dt.timedelta(days=1))
    assert "明日公開" not in Client().get(reverse("portal:disclosure_list")).content.decode()


def test_detail_shows_the_law_fields_and_nothing_internal(cast, published):
    response = Client().get(reverse("portal:disclosure_detail", args=[published.code]))
    body = response.content.decode()
    for shown in (
        "王科長",
        "甲局",
        "科長",
        "王氏營造有限公司",
        "二親等以內親屬",
        "12345678",
        "王代表",
        "董事",
        "校舍修繕工程",
        "110年9月1日",
        "1,250,000",
        "政府採購法公告程序",
        "第1款",
        "110年9月10日",
    ):
        assert shown in body, shown
    for hidden in ("內部備註", "0912", cast.unit_a.name):
        assert hidden not in body, hidden


def test_detail_of_unpublished_is_404(cast):
    disclosure = make_disclosure(cast.agency_a)
    assert Client().get(reverse("portal:disclosure_detail", args=[disclosure.code])).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "王氏"}, ["校舍修繕工程"]),
        ({"q": "李"}, ["道路工程"]),
        ({"category": "subsidy"}, []),
        ({"year": "110"}, ["道路工程", "校舍修繕工程"]),
        ({"year": "111"}, []),
    ],
)
def test_listing_search(cast, published, query, expected):
    make_disclosure(
        cast.agency_b, deal_name="道路工程", official_name="李課長", published_on=PUBLISHED + dt.timedelta(days=1)
    )
    response = Client().get(reverse("portal:disclosure_list"), query)
    assert [d.deal_name for d in response.context["page"]] == expected


def test_listing_agency_filter(cast, published):
    make_disclosure(cast.agency_b, deal_name="乙局案", published_on=PUBLISHED)
    response = Client().get(reverse("portal:disclosure_list"), {"agency": cast.agency_b.pk})
    assert [d.deal_name for d in response.context["page"]] == ["乙局案"]


def test_public_listing_keeps_its_query_count(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    make_disclosure(cast.agency_a, deal_name="一", published_on=PUBLISHED)
    client.get(reverse("portal:disclosure_list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("portal:disclosure_list"))
    make_disclosure(cast.agency_a, deal_name="二", published_on=PUBLISHED)
    make_disclosure(cast.agency_b, deal_name="三", published_on=PUBLISHED)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("portal:disclosure_list"))
    assert len(three) == len(one)

"""The public draw pages: no login, only published draws, no ID numbers or addresses, a verifiable file."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from probity.declarations import domain, drawfile
from probity.declarations.models import Declarant
from tests.declarations.conftest import VALUES, draws, policy, world  # noqa: F401  (fixtures)


@pytest.fixture
def public(cast, draws):  # noqa: F811  (the fixture imported above)
    draw_a = next(d for d in draws if d.unit == cast.unit_a)
    draw_b = next(d for d in draws if d.unit == cast.unit_b)
    domain.run_draw(domain.publish_draw(draw_a, actor=None), actor=None, values=VALUES)
    return {"drawn": draw_a, "draft": draw_b}


def test_public_list_shows_published_draws_only(public):
    response = Client().get(reverse("portal:draw_list"))
    assert response.status_code == 200
    assert reverse("portal:draw_detail", args=[public["drawn"].code]) in response.content.decode()
    assert reverse("portal:draw_detail", args=[public["draft"].code]) not in response.content.decode()


def test_draft_draw_is_not_public(public):
    assert Client().get(reverse("portal:draw_detail", args=[public["draft"].code])).status_code == 404
    assert Client().get(reverse("portal:draw_file", args=[public["draft"].code])).status_code == 404


def test_public_draw_page_shows_no_id_numbers_or_addresses(public):
    body = Client().get(reverse("portal:draw_detail", args=[public["drawn"].code])).content.decode()
    declarants = Declarant.objects.filter(draw_entries__draw=public["drawn"])
    assert declarants.count() == 15
    for declarant in declarants:
        assert declarant.name in body
        assert declarant.id_number not in body
        assert declarant.address not in body
    assert public["drawn"].pool_digest in body


def test_published_pool_before_the_draw_is_public(cast, public):
    domain.publish_draw(public["draft"], actor=None)
    body = Client().get(reverse("portal:draw_detail", args=[public["draft"].code])).content.decode()
    assert public["draft"].entries.first().label in body


def test_public_draw_file_verifies_and_holds_no_identifiers(public):
    response = Client().get(reverse("portal:draw_file", args=[public["drawn"].code]))
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert drawfile.verify(data).match
    text = response.content.decode()
    for declarant in Declarant.objects.all():
        assert declarant.id_number not in text
        assert declarant.address not in text


def test_public_pages_work_for_staff_too(clients, public):
    assert clients["auditor"].get(reverse("portal:draw_detail", args=[public["drawn"].code])).status_code == 200


def test_standalone_verifier_is_downloadable(db):
    response = Client().get(reverse("portal:draw_verifier"))
    assert response.status_code == 200
    assert b"def verify(data)" in response.content


def test_public_list_sums_drawn_draws_of_a_year(public):
    body = Client().get(reverse("portal:draw_list") + "?year=110").content.decode()
    assert "已抽籤 1 場合計" in body


def test_the_draw_is_named_in_the_readers_language(public):
    draw = public["drawn"]
    client = Client()
    url = reverse("portal:draw_detail", args=[draw.code])
    assert f"<h1>{draw.unit.name} {draw.filing_year}年度財產申報實質審查抽籤</h1>" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert f"<h1>Substantive review draw of {draw.unit.name}, filing year {draw.filing_year}</h1>" in page

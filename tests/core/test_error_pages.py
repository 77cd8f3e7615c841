"""The error pages speak the site's language, keep its layout and lead back: staff to their work, the public
to the portal."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.reports.test_views import make_highlight


def test_a_missing_page_for_the_public_leads_back_to_the_portal(clients):
    response = clients["anonymous"].get("/portal/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>找不到這個頁面</h1>" in page
    assert '<a href="/portal/">回公開專區</a>' in page
    assert 'class="sidebar"' not in page


def test_a_record_outside_an_officers_scope_reads_as_missing_with_the_menu(cast, clients):
    highlight = make_highlight(cast.unit_a)
    response = clients["outsider"].get(f"/reports/highlights/{highlight.code}/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>找不到這個頁面</h1>" in page
    assert '<a href="/">回工作總覽</a>' in page
    assert 'class="sidebar"' in page


def test_a_refused_action_says_so(cast, clients):
    highlight = make_highlight(cast.unit_a)
    response = clients["auditor"].post(f"/reports/highlights/{highlight.code}/", {"title": "改"})
    assert response.status_code == 403
    assert "<h1>沒有權限</h1>" in response.content.decode()


def test_an_expired_form_says_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/portal/complaints/", {"summary": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>表單已過期</h1>" in page
    assert "請先複製保存" in page


def test_a_bad_request_reads_in_english_for_an_english_reader(clients):
    client = clients["anonymous"]
    client.cookies["django_language"] = "en"
    response = client.get("/portal/", HTTP_HOST="not-our-host.example")
    assert response.status_code == 400
    assert "<h1>The request could not be handled</h1>" in response.content.decode()


@pytest.mark.django_db
def test_the_server_error_page_needs_no_request_context():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>系統發生錯誤</h1>" in page
    assert "Something went wrong on our side" in page

"""The search box over every kind of record: what each role finds, the sealed identity never found, the link to
the kind's list searched the same way, and a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probity.core.search import sources_for
from tests.activities.conftest import make_inspection
from tests.complaints.conftest import IDENTITY, make_complaint
from tests.prevention.conftest import make_audit

URL = reverse("core:search")
ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]


@pytest.fixture
def records(cast):
    """A 門禁 inspection and a 門禁 audit of unit A's agency, a 門禁 complaint of each unit's agency."""
    return {
        "inspection_a": make_inspection(cast.agency_a, title="門禁管制檢查"),
        "audit_a": make_audit(cast.agency_a, title="門禁系統採購專案稽核"),
        "complaint_a": make_complaint(cast, summary="甲局門禁工程綁標", identity=IDENTITY),
        "complaint_b": make_complaint(cast, actor=cast.outsider, agency=cast.agency_b, summary="乙局門禁工程綁標"),
    }


def _found(client, text="門禁") -> dict[str, list[str]]:
    results = client.get(URL, {"q": text}).context["results"]
    return {result["source"].key: [hit["title"] for hit in result["hits"]] for result in results}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_only_what_it_may_see(clients, records, role):
    response = clients[role].get(URL, {"q": "門禁"})
    if role == "anonymous":
        assert response.status_code == 302
        return
    a = records["complaint_a"]
    b = records["complaint_b"]
    own = {
        "activities.inspection": [str(records["inspection_a"])],
        "prevention.audit": ["門禁系統採購專案稽核"],
        "complaints.complaint": [f"{a.number} 甲局門禁工程綁標"],
    }
    every = {**own, "complaints.complaint": [f"{b.number} 乙局門禁工程綁標", f"{a.number} 甲局門禁工程綁標"]}
    expected = {
        "admin": every,
        "auditor": every,
        "officer": own,
        "outsider": {"complaints.complaint": [f"{b.number} 乙局門禁工程綁標"]},
    }
    assert _found(clients[role]) == expected[role]


def test_a_complainants_identity_is_never_searched(clients, records):
    assert _found(clients["officer"], IDENTITY.name) == {}
    assert _found(clients["officer"], IDENTITY.id_number) == {}
    page = clients["officer"].get(URL, {"q": IDENTITY.name}).content.decode()
    assert f"您可檢視的紀錄中沒有含「{IDENTITY.name}」的。" in page


def test_a_case_number_finds_its_case(clients, records):
    number = records["complaint_a"].number
    assert _found(clients["officer"], number)["complaints.complaint"] == [f"{number} 甲局門禁工程綁標"]


def test_too_short_a_text_is_refused_with_a_message(clients, records):
    response = clients["officer"].get(URL, {"q": "門"})
    assert response.context["results"] == []
    assert "請至少輸入 2 個字。" in response.content.decode()
    assert "請輸入" not in clients["officer"].get(URL).content.decode()  # the empty page asks nothing yet


def test_a_kind_with_more_hits_links_to_its_list_searched_the_same_way(clients, cast):
    for day in range(1, 8):
        make_inspection(cast.agency_a, date=dt.date(2021, 10, day), title=f"消防安全檢查{day}")
    client = clients["officer"]
    (result,) = client.get(URL, {"q": "消防安全"}).context["results"]
    assert result["total"] == 7
    assert [hit["day"] for hit in result["hits"]] == [dt.date(2021, 10, day) for day in (7, 6, 5, 4, 3)]
    assert result["all_url"] == "/activities/inspections/?q=%E6%B6%88%E9%98%B2%E5%AE%89%E5%85%A8"
    assert client.get(result["all_url"]).context["page"].paginator.count == 7
    assert "在清單中查看全部 7 筆" in client.get(URL, {"q": "消防安全"}).content.decode()


def test_the_query_count_does_not_grow_with_the_hits(clients, cast, records):
    client = clients["officer"]

    def count() -> int:
        with CaptureQueriesContext(connection) as run:
            client.get(URL, {"q": "門禁"})
        return len(run)

    few = count()
    for day in range(1, 6):
        make_inspection(cast.agency_a, date=dt.date(2021, 11, day), title=f"門禁複查{day}")
        make_audit(cast.agency_a, title=f"門禁複查稽核{day}")
        make_complaint(cast, summary=f"甲局門禁案{day}")
    assert count() == few


def test_every_staff_page_has_the_search_box_and_the_public_none(clients, records):
    assert 'id="sidebar-q"' in clients["auditor"].get(reverse("core:dashboard")).content.decode()
    assert 'id="sidebar-q"' not in clients["anonymous"].get(reverse("portal:home")).content.decode()


def test_the_search_reads_in_english(clients, records):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(URL, {"q": "門禁"}).content.decode()
    assert "<h1>Search records</h1>" in page
    assert "Records you can see that contain “門禁”: the first few of each kind, in its list's order." in page
    assert "Special audits" in page


def test_the_text_found_is_marked_and_the_rest_escaped(clients, cast):
    make_inspection(cast.agency_a, title="<b>門禁</b> Access 檢查")
    page = clients["officer"].get(URL, {"q": "access"}).content.decode()
    assert "&lt;b&gt;門禁&lt;/b&gt; <mark>Access</mark> 檢查" in page
    assert "<b>門禁</b>" not in page
    page = clients["officer"].get(URL, {"q": "<b>"}).content.decode()
    assert "<mark>&lt;b&gt;</mark>門禁" in page


def test_every_kinds_see_all_link_opens_its_list_searched_the_same_way(clients, cast, records):
    """Each kind's list takes the search text as ``q`` and finds what the search page counted."""
    admin = clients["admin"]
    for source in sources_for(cast.admin):
        counted = source.find(cast.admin, "門禁").count()
        page = admin.get(reverse(source.list_url_name), {"q": "門禁"}).context["page"]
        assert (source.key, page.paginator.count) == (source.key, counted)

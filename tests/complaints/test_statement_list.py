"""The register of statements (筆錄) of oral complaints: which await the complainant's confirmation, on a list
and on the dashboard, in each user's scope, never with their sealed text."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probity.complaints import domain, queries
from probity.complaints.enums import StatementConfirmation
from probity.core.worklists import worklists_for
from tests.complaints.conftest import IDENTITY, make_complaint

URL = reverse("complaints:statement_list")
TODAY = dt.date(2021, 9, 1)
TEXT = "問：你要檢舉什麼事？\n答：甲局採購承辦人收受廠商招待。"
ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(queries, "_today", lambda: TODAY)


@pytest.fixture
def statements(cast, complaint):
    """Two statements of unit A's case (the second confirmed) and one of unit B's."""
    pending = domain.take_statement(
        complaint, actor=cast.officer, taken_on=dt.date(2021, 8, 5), place="甲局政風室會談室", text=TEXT
    )
    confirmed = domain.take_statement(
        complaint, actor=cast.officer, taken_on=dt.date(2021, 8, 3), place="電話", text=TEXT
    )
    domain.confirm_statement(
        confirmed, actor=cast.officer, confirmed_on=dt.date(2021, 8, 6), confirmation=StatementConfirmation.READ_ALOUD
    )
    of_b = make_complaint(cast, agency=cast.agency_b, identity=IDENTITY)
    domain.assign_handler(of_b, actor=cast.outsider, handler=cast.outsider)
    other = domain.take_statement(of_b, actor=cast.outsider, taken_on=dt.date(2021, 8, 4), place="乙局", text=TEXT)
    return pending, confirmed, other


def _listed(client, **params) -> list:
    return [statement.pk for statement in client.get(URL, params).context["page"]]


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_the_statements_awaiting_confirmation_in_the_users_scope(clients, statements, role):
    pending, _confirmed, other = statements
    response = clients[role].get(URL)
    expected = {
        "admin": [other.pk, pending.pk],
        "officer": [pending.pk],
        "outsider": [other.pk],
        "auditor": [other.pk, pending.pk],
    }
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert [statement.pk for statement in response.context["page"]] == expected[role]


def test_the_state_filter_and_a_bad_value(clients, statements):
    pending, confirmed, _other = statements
    officer = clients["officer"]
    assert _listed(officer, state="confirmed") == [confirmed.pk]
    assert _listed(officer, state="") == [confirmed.pk, pending.pk]
    assert _listed(officer, state="nonsense") == []
    assert _listed(officer, state="", sort="-taken_on") == [pending.pk, confirmed.pk]


def test_a_row_says_how_long_it_has_waited_and_links_to_the_case(clients, statements):
    pending, _confirmed, _other = statements
    page = clients["officer"].get(URL, {"state": ""}).content.decode()
    assert f'<a href="{pending.complaint.get_absolute_url()}#statements">{pending.complaint.number}</a>' in page
    assert "待確認，已 27 天" in page
    assert "110/08/06 向檢舉人朗讀" in page
    assert "採購承辦人" not in page  # the sealed text is never on the list


def test_the_export_lists_the_register_without_the_text(clients, statements):
    pending, confirmed, _other = statements
    response = clients["officer"].get(URL, {"state": "", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "採購承辦人" not in body
    assert list(csv.reader(io.StringIO(body))) == [
        ["案號", "承辦政風機構", "製作日期", "製作地點", "製作人", "確認日期", "確認方式"],
        [
            confirmed.complaint.number,
            "甲局政風室",
            "110/08/03",
            "電話",
            str(confirmed.recorded_by),
            "110/08/06",
            "向檢舉人朗讀",
        ],
        [pending.complaint.number, "甲局政風室", "110/08/05", "甲局政風室會談室", str(pending.recorded_by), "", ""],
    ]


def test_the_dashboard_counts_the_statements_awaiting_confirmation(cast, statements):
    def pending_for(user) -> int:
        entry = next(e for e in worklists_for(user) if e.key == "complaints.statements_pending")
        return entry.items_for(user).count()

    assert (pending_for(cast.officer), pending_for(cast.outsider), pending_for(cast.admin)) == (1, 1, 2)


def test_the_list_query_count_does_not_grow(clients, cast, complaint):
    client = clients["officer"]

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as run:
            client.get(URL)
        return len(run)

    domain.take_statement(complaint, actor=cast.officer, taken_on=dt.date(2021, 8, 5), place="會談室", text=TEXT)
    few = count_queries()
    for number in range(5):
        case = make_complaint(cast, identity=IDENTITY)
        domain.assign_handler(case, actor=cast.officer, handler=cast.officer)
        domain.take_statement(
            case, actor=cast.officer, taken_on=dt.date(2021, 8, 5), place=f"會談室{number}", text=TEXT
        )
    assert count_queries() == few


def test_the_list_reads_in_english(clients, statements):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert "<h1>Statements</h1>" in page
    assert "Awaiting confirmation, 27 days" in page

"""Half-yearly confidentiality inspections (政風機構維護公務機密作業要點 point 16): which units have held theirs, for each
role, with its export, its N+1 guard, and the dashboard's reminder as the half-year ends."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probity.activities.enums import InspectionKind
from probity.activities.queries import confidentiality_inspections_due
from probity.core import roc
from tests.activities.conftest import make_inspection
from tests.factories import make_unit

URL = reverse("activities:confidentiality_coverage")
H2 = {"period": "110H2"}


@pytest.fixture
def inspected(cast):
    """Unit A held a confidentiality inspection and a classified-document one in 110H2; unit A1 one in 110H1 only;
    unit B a security inspection, which is not a confidentiality inspection."""
    make_inspection(cast.agency_a, date=dt.date(2021, 8, 3), kind=InspectionKind.CONFIDENTIALITY, title="保密檢查")
    latest = make_inspection(
        cast.agency_a, date=dt.date(2021, 11, 9), kind=InspectionKind.CLASSIFIED_DOCUMENTS, title="機密文書檢查"
    )
    make_inspection(cast.agency_a1, date=dt.date(2021, 5, 4), kind=InspectionKind.CONFIDENTIALITY, title="上半年")
    make_inspection(cast.agency_b, date=dt.date(2021, 9, 1), kind=InspectionKind.SECURITY)
    return latest


def _rows(response) -> list[tuple]:
    return [(row.unit.name, row.confidentiality, row.documents, row.done) for row in response.context["rows"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "admin",
            [
                ("政風處", 0, 0, False),
                ("甲局政風室", 1, 1, True),
                ("甲局所屬機關兼辦", 0, 0, False),
                ("乙局政風室", 0, 0, False),
            ],
        ),
        ("officer", [("甲局政風室", 1, 1, True), ("甲局所屬機關兼辦", 0, 0, False)]),
        ("outsider", [("乙局政風室", 0, 0, False)]),
        (
            "auditor",
            [
                ("政風處", 0, 0, False),
                ("甲局政風室", 1, 1, True),
                ("甲局所屬機關兼辦", 0, 0, False),
                ("乙局政風室", 0, 0, False),
            ],
        ),
    ],
)
def test_each_role_sees_its_own_units(clients, inspected, role, expected):
    response = clients[role].get(URL, H2)
    assert response.status_code == 200
    assert sorted(_rows(response)) == sorted(expected)


def test_the_anonymous_are_sent_to_log_in(clients):
    response = clients["anonymous"].get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/org/login/")


def test_the_page_counts_and_links_the_latest_inspection(clients, inspected):
    page = clients["officer"].get(URL, H2).content.decode()
    assert "110年下半年：2 個政風機構中，1 個已辦理公務機密維護檢查。" in page
    assert f'<a href="{inspected.get_absolute_url()}">110/11/09 機密文書檢查</a>' in page
    assert '<span class="badge danger">未辦理</span>' in page  # a past half-year: missed, not pending
    first_half = clients["officer"].get(URL, {"period": "110H1"})
    assert _rows(first_half) == [("甲局政風室", 0, 0, False), ("甲局所屬機關兼辦", 1, 0, True)]


def test_the_missing_only_and_in_english(clients, inspected):
    clients["officer"].cookies["django_language"] = "en"
    response = clients["officer"].get(URL, {**H2, "missing": "1"})
    assert _rows(response) == [("甲局所屬機關兼辦", 0, 0, False)]
    page = response.content.decode()
    assert "ROC 110 H2 (2021): 1 of 2 ethics units have held a confidentiality inspection." in page
    assert "Not done" in page


def test_the_current_half_year_names_its_deadline(clients, cast):
    current = roc.Period.current()
    make_inspection(cast.agency_a, date=current.first_day, kind=InspectionKind.CONFIDENTIALITY)
    page = clients["officer"].get(URL).content.decode()
    assert f"其餘應於 {roc.format_date(current.last_day)} 前辦理。" in page
    assert '<span class="badge warn">尚未辦理</span>' in page
    assert '<span class="badge ok">已辦理</span>' in page


def test_the_export_lists_what_the_page_lists(clients, inspected):
    response = clients["officer"].get(URL, {**H2, "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["政風機構", "公務機密維護檢查", "機密文書保管檢查", "最近一次檢查日期", "最近一次檢查項目", "已辦理"],
        ["甲局政風室", "1", "1", "110/11/09", "機密文書檢查", "是"],
        ["甲局所屬機關兼辦", "0", "0", "", "", "否"],
    ]


def test_the_page_takes_the_same_queries_for_more_units_and_inspections(clients, cast, inspected):
    clients["admin"].get(URL, H2)
    with CaptureQueriesContext(connection) as before:
        clients["admin"].get(URL, H2)
    for number in range(3):
        unit = make_unit(parent=cast.department, name=f"新政風室{number}", agencies=[cast.agency_b])
        make_inspection(
            cast.agency_b,
            unit=unit,
            date=dt.date(2021, 10, 1),
            kind=InspectionKind.CONFIDENTIALITY,
            title=f"保密{number}",
        )
    with CaptureQueriesContext(connection) as after:
        response = clients["admin"].get(URL, H2)
    assert len(_rows(response)) == 7
    assert len(after) == len(before)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2021, 10, 30), []),  # more than two months left: no reminder yet
        (dt.date(2021, 11, 1), ["甲局所屬機關兼辦"]),
        (dt.date(2021, 12, 31), ["甲局所屬機關兼辦"]),
        (dt.date(2022, 5, 2), ["甲局政風室", "甲局所屬機關兼辦"]),  # a new half-year: nothing held yet
    ],
)
def test_the_dashboard_reminds_in_the_half_years_last_two_months(cast, inspected, today, expected):
    assert sorted(unit.name for unit in confidentiality_inspections_due(cast.officer, today)) == sorted(expected)


def test_the_dashboard_lists_the_reminder(clients):
    page = clients["officer"].get(reverse("core:dashboard")).content.decode()
    assert f'<a href="{URL}">半年將屆仍未辦理公務機密維護檢查的政風機構</a>' in page


def test_without_a_period_the_page_shows_the_half_year_the_reminder_counts(clients, cast):
    cast.officer.dashboard_period = "110H2"  # a report being written does not move the reminder's half-year
    cast.officer.save(update_fields=["dashboard_period"])
    assert clients["officer"].get(URL).context["period"] == roc.Period.current()

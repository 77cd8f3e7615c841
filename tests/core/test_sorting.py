"""Lists sort by a column chosen from its header; the export follows the order shown."""

import csv
import datetime as dt
import io

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from probity.accessaudit import domain as accessaudit
from probity.accessaudit.models import Alert
from probity.core.sorting import Sorting, _choices_of
from probity.org.enums import AgencyKind
from tests.accessaudit.conftest import make_alert, mapping
from tests.activities.conftest import make_meeting
from tests.conflicts.conftest import make_disclosure, make_recusal
from tests.prevention.conftest import make_action, make_audit, make_platform, make_reprevention, make_risk

LISTS = [
    "prevention:audit_list",
    "prevention:recommendations_overdue",
    "prevention:action_list",
    "prevention:reprevention_list",
    "prevention:platform_list",
    "prevention:highlight_list",
    "prevention:risk_list",
    "prevention:risks_review_due",
    "conflicts:recusal_list",
    "conflicts:disclosure_list",
    "conflicts:disclosures_due",
    "activities:meeting_list",
    "activities:outreach_list",
    "activities:inspection_list",
    "activities:alert_list",
    "accessaudit:alert_list",
    "complaints:list",
    "declarations:declarant_list",
    "accessaudit:finding_list",
    "declarations:declaration_list",
    "declarations:review_list",
    "complaints:referral_list",
    "complaints:discipline_list",
    "complaints:protection_list",
    "declarations:draw_list",
    "org:staff_list",
]


def _get(path: str = "/", **query):
    return RequestFactory().get(path, query)


def test_an_unknown_or_empty_key_keeps_the_lists_own_order():
    for asked in ("", "password", "-password", "--day", "day;drop"):
        sorting = Sorting.of(_get(sort=asked), ["day", "account"])
        assert (sorting.key, sorting.descending) == ("", False)


def test_a_key_sorts_ascending_and_with_a_minus_descending():
    assert Sorting.of(_get(sort="day"), ["day"]).direction("day") == "ascending"
    assert Sorting.of(_get(sort="-day"), ["day"]).direction("day") == "descending"
    assert Sorting.of(_get(sort="-day"), ["day", "account"]).direction("account") == ""
    assert Sorting.of(_get(sort="day"), ["day"]).next_value("day") == "-day"
    assert Sorting.of(_get(sort="-day"), ["day"]).next_value("day") == "day"
    assert Sorting.of(_get(), ["day"]).next_value("day") == "day"


def _header(query: dict, key: str, label: str = "日期") -> str:
    request = _get("/list/", **query)
    template = Template("{% load probity %}{% sort_header sorting key label %}")
    sorting = Sorting.of(request, ["day"])
    return template.render(Context({"request": request, "sorting": sorting, "key": key, "label": label}))


def test_the_header_links_to_its_sort_keeping_the_filters_and_dropping_the_page():
    assert (
        _header({"q": "王", "page": "3"}, "day") == '<th><a class="sort" href="?q=%E7%8E%8B&amp;sort=day">日期</a></th>'
    )
    assert _header({"sort": "day"}, "day") == (
        '<th aria-sort="ascending"><a class="sort" href="?sort=-day">日期 <span aria-hidden="true">▲</span></a></th>'
    )
    assert _header({"sort": "-day"}, "day") == (
        '<th aria-sort="descending"><a class="sort" href="?sort=day">日期 <span aria-hidden="true">▼</span></a></th>'
    )
    assert _header({}, "reason", "<b>原因</b>") == "<th>&lt;b&gt;原因&lt;/b&gt;</th>"


@pytest.fixture
def every_list_has_rows(cast):
    make_audit(cast.agency_a)
    make_action(cast.agency_a)
    make_reprevention(cast.agency_a)
    make_platform(cast.agency_a)
    make_risk(cast.agency_a)
    make_recusal(cast.agency_a)
    make_disclosure(cast.agency_a)
    make_meeting(cast.agency_a)


@pytest.mark.parametrize("name", LISTS)
def test_every_sortable_column_sorts_both_ways(every_list_has_rows, clients, cast, name):
    accessaudit.designate_auditor(user=cast.admin, unit=cast.department, actor=cast.admin)
    url = reverse(name)
    keys = clients["admin"].get(url).context["sorting"].allowed
    assert keys
    for key in keys:
        for asked in (key, f"-{key}"):
            response = clients["admin"].get(url, {"sort": asked})
            assert response.status_code == 200, asked
            assert 'aria-sort="' in response.content.decode()


def test_meetings_sort_by_date_both_ways_and_export_in_that_order(cast, clients):
    for seq_no, day in ((1, 20), (2, 5), (3, 12)):
        make_meeting(cast.agency_a, date=dt.date(2021, 9, day), seq_no=seq_no)
    url = reverse("activities:meeting_list")
    shown = [obj.date.day for obj, _cells in clients["officer"].get(url, {"sort": "date"}).context["rows"]]
    assert shown == [5, 12, 20]
    shown = [obj.date.day for obj, _cells in clients["officer"].get(url, {"sort": "-date"}).context["rows"]]
    assert shown == [20, 12, 5]
    export = clients["officer"].get(reverse("activities:meeting_export", args=["csv"]), {"sort": "date"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["第2次廉政會報", "第3次廉政會報", "第1次廉政會報"]


@pytest.fixture
def system(cast):
    """Unit A's household-registration system, audited by the cast's officer."""
    accessaudit.designate_auditor(user=cast.officer, unit=cast.unit_a, actor=cast.admin)
    return accessaudit.register_system(
        agency=cast.agency_a, key="hr", name="戶役政資訊系統", column_mapping=mapping(), actor=cast.admin
    )


def test_the_alert_queue_sorts_by_account_and_exports_in_that_order(clients, system):
    for account, score in (("HR003", 9.0), ("HR001", 1.0), ("HR002", 5.0)):
        make_alert(system, account=account, score=score)
    url = reverse("accessaudit:alert_list")
    by_score = [alert.account for alert in clients["officer"].get(url).context["page"]]
    assert by_score == ["HR003", "HR002", "HR001"]
    by_account = clients["officer"].get(url, {"sort": "account"})
    assert [alert.account for alert in by_account.context["page"]] == ["HR001", "HR002", "HR003"]
    page = by_account.content.decode()
    assert '<th aria-sort="ascending"><a class="sort" href="?sort=-account">帳號' in page
    export = clients["officer"].get(reverse("accessaudit:alert_export"), {"sort": "-account"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["HR003", "HR002", "HR001"]


def test_a_choice_column_sorts_in_the_order_its_choices_are_declared(clients, system):
    for account, decision in (("HR001", "misuse"), ("HR002", "open"), ("HR003", "inquiry"), ("HR004", "justified")):
        make_alert(system, account=account, decision=decision)
    url = reverse("accessaudit:alert_list")
    ascending = clients["officer"].get(url, {"sort": "decision"}).context["page"]
    # 待審查, 查有正當事由, 確認不當查閱, 需進一步查證: the workflow's order, where the codes would give
    # inquiry, justified, misuse, open.
    assert [alert.decision for alert in ascending] == ["open", "justified", "misuse", "inquiry"]
    descending = clients["officer"].get(url, {"sort": "-decision"}).context["page"]
    assert [alert.decision for alert in descending] == ["inquiry", "misuse", "justified", "open"]


def test_choices_are_found_across_relations_and_not_on_plain_columns():
    assert _choices_of(Alert, "system__agency__kind") == list(AgencyKind.values)
    assert _choices_of(Alert, "account") == []
    assert _choices_of(Alert, "alert_total") == []

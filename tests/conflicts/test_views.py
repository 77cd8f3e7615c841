"""Every conflicts page against the permission cast, the forms' writes, exports and query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from probity.conflicts.models import Recusal, RecusalRollup, RelationshipDisclosure
from tests.conflicts.conftest import make_disclosure, make_recusal

READ = {"admin": 200, "officer": 200, "outsider": 200, "auditor": 200, "anonymous": 302}
OBJECT = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}
WRITE = {"admin": 200, "officer": 200, "outsider": 200, "auditor": 403, "anonymous": 302}
WRITE_OBJECT = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 403, "anonymous": 302}


def _cases(names, roles):
    return [(name, role, status) for name in names for role, status in roles.items()]


LISTS = [
    "conflicts:recusal_list",
    "conflicts:disclosure_list",
    "conflicts:disclosures_due",
    "conflicts:rollup_index",
]


@pytest.mark.parametrize(("name", "role", "status"), _cases(LISTS, READ))
def test_list_pages_for_each_role(clients, conflict_records, name, role, status):
    assert clients[role].get(reverse(name)).status_code == status


@pytest.mark.parametrize(("role", "status"), READ.items())
def test_rollup_page_for_each_role(clients, conflict_records, role, status):
    assert clients[role].get(reverse("conflicts:rollup", args=[110])).status_code == status


@pytest.mark.parametrize(
    ("name", "role", "status"), _cases(["conflicts:recusal_create", "conflicts:disclosure_create"], WRITE)
)
def test_create_forms_for_each_role(clients, conflict_records, name, role, status):
    assert clients[role].get(reverse(name)).status_code == status


@pytest.mark.parametrize(
    ("name", "role", "status"),
    _cases([("conflicts:recusal_detail", "recusal_a"), ("conflicts:disclosure_detail", "disclosure_a")], OBJECT),
)
def test_detail_pages_for_each_role(clients, conflict_records, name, role, status):
    url_name, key = name
    assert clients[role].get(reverse(url_name, args=[conflict_records[key].code])).status_code == status


@pytest.mark.parametrize(
    ("name", "role", "status"),
    _cases([("conflicts:recusal_edit", "recusal_a"), ("conflicts:disclosure_edit", "disclosure_a")], WRITE_OBJECT),
)
def test_edit_forms_for_each_role(clients, conflict_records, name, role, status):
    url_name, key = name
    assert clients[role].get(reverse(url_name, args=[conflict_records[key].code])).status_code == status


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("auditor", 403), ("anonymous", 302)])
def test_publish_refused_for_each_role(clients, conflict_records, role, status):
    url = reverse("conflicts:disclosure_publish", args=[conflict_records["disclosure_a"].code])
    assert clients[role].post(url, {"on": "110/09/10"}).status_code == status


def test_officer_publishes_a_disclosure(clients, conflict_records):
    disclosure = conflict_records["disclosure_a"]
    clients["officer"].post(reverse("conflicts:disclosure_publish", args=[disclosure.code]), {"on": "110/09/10"})
    disclosure.refresh_from_db()
    assert disclosure.published_on == dt.date(2021, 9, 10)


def test_officer_records_a_recusal(clients, cast):
    response = clients["officer"].post(
        reverse("conflicts:recusal_create"),
        {
            "agency": cast.agency_a.pk,
            "kind": "ex_officio",
            "official_name": "李課長",
            "official_title": "課長",
            "matter": "評選其配偶任職公司",
            "filed_on": "110/08/10",
            "decision": "recused",
            "decided_on": "110/08/11",
        },
    )
    recusal = Recusal.objects.get(official_name="李課長")
    assert response["Location"] == recusal.get_absolute_url()
    assert recusal.unit == cast.unit_a


def test_small_amount_over_limit_is_shown_on_the_form(clients, cast):
    response = clients["officer"].post(
        reverse("conflicts:disclosure_create"),
        {
            "agency": cast.agency_a.pk,
            "mode": "post",
            "category": "transaction",
            "transaction_type": "purchase",
            "official_name": "王科長",
            "official_agency": "甲局",
            "official_title": "科長",
            "related_party_name": "王小弟",
            "relationship": "relative",
            "deal_name": "文具採購",
            "concluded_on": "110/09/01",
            "counterparty": "王小弟",
            "amount": "10001",
            "exception": "6",
        },
    )
    assert response.status_code == 200
    assert "10,000" in str(response.context["form"].errors["amount"])
    assert not RelationshipDisclosure.objects.exists()


def test_rollup_exports_and_submission(clients, cast):
    make_recusal(cast.agency_a, filed_on=dt.date(2021, 5, 1), official_name="甲")
    make_recusal(cast.agency_b, filed_on=dt.date(2021, 5, 1), official_name="乙")
    url = reverse("conflicts:rollup", args=[110])
    text = clients["officer"].get(url, {"export": "csv"}).getvalue().decode("utf-8-sig")
    assert "甲" in text and "乙" not in text
    clients["officer"].post(url, {"submitted_on": "111/01/20", "doc_no": "高市甲政字第1號"})
    rollup = RecusalRollup.objects.get()
    assert (rollup.unit, rollup.case_count, rollup.on_time) == (cast.unit_a, 1, True)


@pytest.mark.parametrize(("role", "status"), [("auditor", 403), ("anonymous", 302)])
def test_rollup_submission_refused_for_each_role(clients, role, status):
    url = reverse("conflicts:rollup", args=[110])
    assert clients[role].post(url, {"submitted_on": "111/01/20"}).status_code == status


def test_disclosure_list_filters_and_search(clients, cast):
    make_disclosure(cast.agency_a, deal_name="修繕工程", concluded_on=dt.date(2021, 8, 1))
    make_disclosure(
        cast.agency_a, deal_name="補助案", category="subsidy", exception="3", concluded_on=dt.date(2021, 8, 1)
    )
    make_disclosure(cast.agency_a, deal_name="上半年工程", concluded_on=dt.date(2021, 3, 1))
    response = clients["officer"].get(
        reverse("conflicts:disclosure_list"), {"category": "transaction", "period": "110H2", "q": "工程"}
    )
    assert [obj.deal_name for obj, _cells in response.context["rows"]] == ["修繕工程"]


def test_disclosure_list_query_count_does_not_grow(clients, cast):
    client = clients["officer"]
    url = reverse("conflicts:disclosure_list")
    make_disclosure(cast.agency_a, deal_name="一")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make_disclosure(cast.agency_a, deal_name="二")
    make_disclosure(cast.agency_a, deal_name="三")
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_recusal_list_query_count_does_not_grow(clients, cast):
    client = clients["officer"]
    url = reverse("conflicts:recusal_list")
    make_recusal(cast.agency_a, official_name="一")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make_recusal(cast.agency_a, official_name="二")
    make_recusal(cast.agency_a, official_name="三")
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_officer_edits_a_recusal_and_a_disclosure(clients, conflict_records):
    recusal = conflict_records["recusal_a"]
    clients["officer"].post(
        reverse("conflicts:recusal_edit", args=[recusal.code]),
        {
            "agency": recusal.agency.pk,
            "kind": "self",
            "official_name": recusal.official_name,
            "official_title": "副局長",
            "matter": recusal.matter,
            "filed_on": "110/09/01",
            "decision": "recused",
            "decided_on": "110/09/02",
        },
    )
    recusal.refresh_from_db()
    assert (recusal.official_title, recusal.decided_on) == ("副局長", dt.date(2021, 9, 2))
    disclosure = conflict_records["disclosure_a"]
    response = clients["officer"].post(
        reverse("conflicts:disclosure_edit", args=[disclosure.code]),
        {
            "agency": disclosure.agency.pk,
            "mode": "post",
            "category": "subsidy",
            "official_name": "王科長",
            "official_agency": "甲局",
            "official_title": "科長",
            "related_party_name": "王小弟",
            "relationship": "relative",
            "deal_name": "改為補助",
            "concluded_on": "110/09/01",
            "counterparty": "王小弟",
            "amount": "50000",
            "exception": "3",
        },
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert (disclosure.category, disclosure.deal_name, disclosure.transaction_type) == ("subsidy", "改為補助", "")


def test_a_recusal_and_a_disclosure_are_headed_with_the_pages_punctuation(clients, conflict_records):
    recusal, disclosure = conflict_records["recusal_a"], conflict_records["disclosure_a"]
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(recusal.get_absolute_url()).content.decode()
    with translation.override("en"):
        kind = recusal.get_kind_display()
    assert f"<h1>{kind}: {recusal.official_name} ({recusal.matter[:20]})</h1>" in page
    page = client.get(disclosure.get_absolute_url()).content.decode()
    assert f"<h1>{disclosure.deal_name} ({disclosure.related_party_name})</h1>" in page
    client.cookies["django_language"] = "zh-hant"
    with translation.override("zh-hant"):
        expected = f"<h1>自行迴避：{recusal.official_name}（{recusal.matter[:20]}）</h1>"
    assert expected in client.get(recusal.get_absolute_url()).content.decode()

"""Who looked a subject up: every account and lookup of a period, for a citizen's question or an alert's subject.

The subject's ID number is posted, never put in an address."""

import csv
import io
import json
import re

import duckdb
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probity.accessaudit import domain, storage, views
from probity.accessaudit.models import Alert, MonitoredSystem
from probity.analytics.ingest import lookups_glob, store_lock
from probity.audit.models import AuditEvent
from probity.audit.pseudonyms import pseudonym
from tests.accessaudit.conftest import END, START, mapping

HEADERS = ["查閱序號", "查閱時間", "系統帳號", "動作", "當事人", "查詢事由", "終端機", "筆數", "規則警示", "審查結果"]


def _url(loaded) -> str:
    return reverse("accessaudit:subject_lookups", args=[loaded.system.code])


def _stored(subject: str) -> list[tuple]:
    """The subject's lookups read straight from the store on the subject string: (id, account), newest first."""
    with duckdb.connect() as con:
        return con.execute(
            "SELECT lookup_id, user_id FROM read_parquet(?, hive_partitioning=true) WHERE subject_id = ? "
            "ORDER BY ts DESC, lookup_id DESC",
            [lookups_glob(storage.root(), "hr"), subject],
        ).fetchall()


@pytest.fixture
def subject(designated, loaded) -> str:
    """The alerted subject that the most accounts looked up."""
    alerted = set(Alert.objects.exclude(subject_id="").values_list("subject_id", flat=True))
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT subject_id FROM read_parquet(?) GROUP BY subject_id "
            "ORDER BY count(DISTINCT user_id) DESC, count(*) DESC, subject_id",
            [lookups_glob(storage.root(), "hr")],
        ).fetchall()
    return next(row[0] for row in rows if row[0] in alerted)


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 200), ("admin", 200), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_page_by_role(loaded, subject, clients, role, expected, method):
    client = clients[role]
    response = client.post(_url(loaded), {"subject_id": subject}) if method == "post" else client.get(_url(loaded))
    assert response.status_code == expected


def test_the_form_offers_the_last_runs_period_and_reads_nothing(loaded, subject, clients):
    before = AuditEvent.objects.count()
    page = clients["officer"].get(_url(loaded)).content.decode()
    assert 'name="date_from" value="110/07/01"' in page
    assert 'name="date_to" value="110/12/31"' in page
    assert 'id="subject-accounts"' not in page
    assert AuditEvent.objects.count() == before


def test_every_account_and_lookup_of_the_subject_is_listed(loaded, subject, clients):
    stored = _stored(subject)
    accounts = {account for _id, account in stored}
    assert len(accounts) > 1
    response = clients["officer"].post(_url(loaded), {"subject_id": f" {subject.lower()} "})
    assert response.status_code == 200
    context = response.context
    assert context["subject"] == subject
    assert [(row["lookup_id"], row["user_id"]) for row in context["lookups"]] == stored
    counted = {row["account"]: row["n"] for row in context["accounts"]}
    assert counted == {account: sum(1 for _id, a in stored if a == account) for account in accounts}
    assert [row["n"] for row in context["accounts"]] == sorted(counted.values(), reverse=True)
    alerts = Alert.objects.filter(system=loaded.system, subject_id=subject)
    assert {row["account"]: row["alerts"] for row in context["accounts"] if row["alerts"]} == {
        account: alerts.filter(account=account).count() for account in set(alerts.values_list("account", flat=True))
    }
    flagged = {row["lookup_id"]: {a.pk for a in row["alerts"]} for row in context["lookups"] if row["alerts"]}
    assert flagged == {
        lookup_id: set(alerts.filter(lookup_id=lookup_id).values_list("pk", flat=True))
        for lookup_id in set(alerts.exclude(lookup_id=None).values_list("lookup_id", flat=True))
    }
    page = response.content.decode()
    assert f"110/07/01–110/12/31 · 共 {len(stored)} 筆查閱，{len(accounts)} 個帳號" in page


def test_an_account_links_to_its_timeline_for_the_same_period(loaded, subject, clients):
    response = clients["officer"].post(
        _url(loaded), {"subject_id": subject, "date_from": "110/08/01", "date_to": "110/09/30"}
    )
    account = response.context["accounts"][0]["account"]
    timeline = reverse("accessaudit:user_timeline", args=[loaded.system.code, account])
    assert f'<a href="{timeline}?date_from=110/08/01&amp;date_to=110/09/30">{account}</a>' in response.content.decode()
    assert all(
        START.replace(month=8) <= row["ts"].date() <= END.replace(month=9, day=30)
        for row in response.context["lookups"]
    )


def test_the_accounts_that_looked_most_are_listed_and_the_count_is_of_all(loaded, subject, clients, monkeypatch):
    monkeypatch.setattr(views, "SUBJECT_ACCOUNTS", 2)
    stored = _stored(subject)
    accounts = {account for _id, account in stored}
    response = clients["officer"].post(_url(loaded), {"subject_id": subject})
    listed = response.context["accounts"]
    assert len(listed) == 2
    assert [row["n"] for row in listed] == sorted(
        (sum(1 for _i, a in stored if a == x) for x in accounts), reverse=True
    )[:2]
    page = response.content.decode()
    assert f"共 {len(stored)} 筆查閱，{len(accounts)} 個帳號" in page
    assert "列出查閱最多的 2 個帳號；全部請匯出。" in page


def test_the_same_subject_can_be_asked_of_the_users_other_systems(loaded, subject, clients, cast):
    land = domain.register_system(
        agency=cast.agency_a, key="land", name="地政資訊系統", column_mapping=mapping(), actor=cast.admin
    )
    retired = domain.register_system(
        agency=cast.agency_a, key="old", name="舊系統", column_mapping=mapping(), actor=cast.admin
    )
    MonitoredSystem.objects.filter(pk=retired.pk).update(is_active=False)
    page = (
        clients["officer"]
        .post(_url(loaded), {"subject_id": subject, "date_from": "110/08/01", "date_to": "110/09/30"})
        .content.decode()
    )
    other = reverse("accessaudit:subject_lookups", args=[land.code])
    form = page[page.index(f'<form method="post" action="{other}"') :]
    form = form[: form.index("</form>")]
    assert f'<input type="hidden" name="subject_id" value="{subject}">' in form
    assert '<input type="hidden" name="date_from" value="110/08/01">' in form
    assert '<input type="hidden" name="date_to" value="110/09/30">' in form
    assert ">地政資訊系統</button>" in form
    assert reverse("accessaudit:subject_lookups", args=[retired.code]) not in page
    response = clients["officer"].post(other, {"subject_id": subject, "date_from": "110/08/01", "date_to": "110/09/30"})
    assert (response.status_code, response.context["total"]) == (200, 0)  # the land system holds no lookups
    assert _url(loaded) in response.content.decode()  # and offers the way back


def test_each_search_is_audited_with_the_subject_and_period(loaded, subject, clients, cast):
    clients["officer"].post(_url(loaded), {"subject_id": subject})
    event = AuditEvent.objects.filter(verb="accessaudit.logdata.view.subject").get()
    assert event.actor_id == cast.officer.pk
    digest = pseudonym(subject)
    assert event.data == {
        "subject_digest": digest,
        "from": "2021-07-01",
        "to": "2021-12-31",
        "rows": len(_stored(subject)),
    }
    assert subject not in json.dumps(event.data)  # the trail outlives the logs: it keeps no ID numbers


def test_the_audit_trail_finds_who_searched_for_a_subject_by_their_id(loaded, subject, clients, cast):
    clients["officer"].post(_url(loaded), {"subject_id": subject})
    clients["officer"].post(_url(loaded), {"subject_id": subject, "format": "csv"})
    clients["officer"].post(_url(loaded), {"subject_id": "A123456789"})
    response = clients["admin"].post(reverse("audit:event_list"), {"subject_id": subject.lower()})
    assert [(event.verb, event.actor_id) for event in response.context["page"]] == [
        ("accessaudit.logdata.view.subject_export", cast.officer.pk),
        ("accessaudit.logdata.view.subject", cast.officer.pk),
    ]
    assert f"當事人 {subject}：2 筆紀錄" in response.content.decode()
    search = AuditEvent.objects.order_by("-id").first()
    assert (search.verb, search.actor_id, search.data) == (
        "audit.events.subject",
        cast.admin.pk,
        {"subject_digest": pseudonym(subject)},
    )


def test_the_trails_subject_search_pages_back_by_posted_keys(loaded, subject, clients, cast, monkeypatch):
    from probity.audit import views as audit_views

    monkeypatch.setattr(audit_views, "SUBJECT_EVENTS_MAX", 2)
    for _n in range(5):
        clients["officer"].post(_url(loaded), {"subject_id": subject})
    searched = list(
        AuditEvent.objects.filter(verb="accessaudit.logdata.view.subject").order_by("-id").values_list("pk", flat=True)
    )
    url = reverse("audit:event_list")
    pages, found, posted = [], [], {"subject_id": subject}
    while True:
        response = clients["admin"].post(url, posted)
        pages.append([event.pk for event in response.context["page"]])
        found.append(
            re.search(
                r"<strong>(.+?)</strong> <span class=\"muted\">(.+?)</span>", text := response.content.decode()
            ).groups()
        )
        if response.context["older"] is None:
            break
        assert f'<input type="hidden" name="before" value="{response.context["older"]}">' in text
        posted = {"subject_id": subject, "before": response.context["older"]}
    assert pages == [searched[:2], searched[2:4], searched[4:]]
    # Each page's own search is an event on the subject too, newest of all.
    assert found == [
        (f"當事人 {subject}：5 筆紀錄", "列出第 1–2 筆（由新到舊）。"),
        (f"當事人 {subject}：6 筆紀錄", "列出第 4–5 筆（由新到舊）。"),
        (f"當事人 {subject}：7 筆紀錄", "列出第 7–7 筆（由新到舊）。"),
    ]
    assert "較早的紀錄" not in text
    assert [e.data for e in AuditEvent.objects.filter(verb="audit.events.subject").order_by("id")] == [
        {"subject_digest": pseudonym(subject)},
        {"subject_digest": pseudonym(subject), "before": searched[1]},
        {"subject_digest": pseudonym(subject), "before": searched[3]},
    ]


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 403), ("auditor", 403), ("outsider", 403), ("anonymous", 302)]
)
def test_only_the_central_administrator_searches_the_trail_by_subject(loaded, subject, clients, role, expected):
    before = AuditEvent.objects.count()
    assert clients[role].post(reverse("audit:event_list"), {"subject_id": subject}).status_code == expected
    assert AuditEvent.objects.count() == before


def test_a_tampered_page_key_of_the_trails_subject_search_is_refused_and_not_audited(clients):
    before = AuditEvent.objects.count()
    response = clients["admin"].post(reverse("audit:event_list"), {"subject_id": "A123456789", "before": "x"})
    assert response.status_code == 400
    assert "早於紀錄序號：輸入整數" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_a_blank_subject_search_of_the_trail_is_refused_and_not_audited(clients):
    before = AuditEvent.objects.count()
    response = clients["admin"].post(reverse("audit:event_list"), {"subject_id": " "})
    assert response.status_code == 400
    assert "當事人統號：這個欄位是必須的。" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_a_blank_subject_is_refused_and_nothing_is_read(designated, loaded, clients):
    response = clients["officer"].post(_url(loaded), {"subject_id": "  "})
    assert response.status_code == 400
    assert "這個欄位是必須的。" in response.content.decode()
    assert not AuditEvent.objects.filter(verb__startswith="accessaudit.logdata.view.subject").exists()


def test_the_alert_page_posts_its_subject_instead_of_linking_to_it(loaded, subject, clients):
    alert = Alert.objects.filter(system=loaded.system, subject_id=subject).first()
    page = clients["officer"].get(alert.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{_url(loaded)}" class="inline" id="subject-lookups">' in page
    assert f'<input type="hidden" name="subject_id" value="{subject}">' in page
    assert f"?subject_id={subject}" not in page


def test_the_subjects_lookups_export_oldest_first(loaded, subject, clients, cast):
    response = clients["officer"].post(_url(loaded), {"subject_id": subject, "format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="subject-lookups-hr-')
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    assert header == HEADERS
    assert [(int(row[0]), row[2], row[4]) for row in rows] == [(i, a, subject) for i, a in reversed(_stored(subject))]
    event = AuditEvent.objects.filter(verb="accessaudit.logdata.view.subject_export").get()
    assert event.data["format"] == "csv"
    assert event.data["rows"] == len(rows)


def test_an_export_past_the_limit_is_refused_with_the_count(loaded, subject, clients, monkeypatch):
    monkeypatch.setattr(views, "TIMELINE_EXPORT_MAX", 3)
    response = clients["officer"].post(_url(loaded), {"subject_id": subject, "format": "xlsx"})
    assert response.status_code == 400
    total = len(_stored(subject))
    assert f"此期間共 {total} 筆查閱，超過匯出上限 3 筆；請縮短期間後再匯出。" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="accessaudit.logdata.view.subject_export").exists()


def test_nothing_is_read_while_the_store_is_rewritten(loaded, subject, clients):
    with store_lock(storage.root(), "hr", exclusive=True):
        response = clients["officer"].post(_url(loaded), {"subject_id": subject})
    assert response.status_code == 503
    assert not AuditEvent.objects.filter(verb__startswith="accessaudit.logdata.view.subject").exists()


def test_the_query_count_does_not_grow_with_the_accounts(loaded, subject, clients):
    client = clients["officer"]
    with duckdb.connect() as con:
        single = con.execute(
            "SELECT subject_id FROM read_parquet(?) GROUP BY subject_id HAVING count(*) = 1 ORDER BY subject_id LIMIT 1",
            [lookups_glob(storage.root(), "hr")],
        ).fetchone()[0]
    client.post(_url(loaded), {"subject_id": single})
    with CaptureQueriesContext(connection) as one:
        client.post(_url(loaded), {"subject_id": single})
    with CaptureQueriesContext(connection) as many:
        client.post(_url(loaded), {"subject_id": subject})
    assert len(many) == len(one)


def test_the_page_reads_in_english(loaded, subject, clients):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.post(_url(loaded), {"subject_id": subject}).content.decode()
    stored = _stored(subject)
    accounts = len({account for _id, account in stored})
    assert "<h1>Lookups of a subject" in page
    assert f"{len(stored)} lookups by {accounts} accounts" in page
    assert ">Search</button>" in page

"""An account's lookups of a period as a worksheet: oldest first, every column of the store, the alerts each raised."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from probity.accessaudit import storage, views
from probity.accessaudit.models import Alert
from probity.analytics.timeline import user_timeline
from probity.audit.models import AuditEvent
from tests.accessaudit.conftest import END, START

HEADERS = ["查閱序號", "查閱時間", "系統帳號", "動作", "當事人", "查詢事由", "終端機", "筆數", "規則警示", "審查結果"]
ACTIONS = {"query": "查詢", "print": "列印", "export": "匯出"}


@pytest.fixture
def account(designated, alert) -> str:
    return alert.account


def _url(loaded, account, **query) -> str:
    url = reverse("accessaudit:user_timeline_export", args=[loaded.system.code, account])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _stored(account) -> list[dict]:
    return user_timeline(storage.root(), "hr", account, START, END, limit=10**6, oldest_first=True).page.to_pylist()


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 200), ("admin", 200), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_exporting_an_accounts_lookups_by_role(loaded, account, clients, role, expected):
    assert clients[role].get(_url(loaded, account, format="csv")).status_code == expected


def test_the_export_holds_every_lookup_of_the_period_oldest_first_with_its_alerts(loaded, account, clients):
    response = clients["officer"].get(_url(loaded, account, format="csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="lookups-hr-')
    header, *rows = _csv(response)
    stored = _stored(account)
    assert header == HEADERS
    assert [int(row[0]) for row in rows] == [lookup["lookup_id"] for lookup in stored]
    assert len(rows) == len(stored) > 1
    first = stored[0]
    ts = first["ts"]
    assert rows[0][:8] == [
        str(first["lookup_id"]),
        f"{ts.year - 1911}/{ts:%m/%d %H:%M:%S}",
        account,
        ACTIONS[first["action"]],
        first["subject_id"],
        first["reason"] or "",
        first["client"] or "",
        str(first["records"]),
    ]
    alerts = Alert.objects.filter(system=loaded.system, account=account, lookup_id__isnull=False)
    by_lookup = {row[0]: (row[8], row[9]) for row in rows}
    for alert in alerts:
        labels, decisions = by_lookup[str(alert.lookup_id)]
        assert alert.kind_label in labels.split("、")
        assert "待審查" in decisions.split("、")
    flagged = {str(alert.lookup_id) for alert in alerts}
    assert all(row[8] == "" and row[9] == "" for row in rows if row[0] not in flagged)


def test_the_export_keeps_to_the_chosen_period_and_is_audited(loaded, account, clients):
    response = clients["officer"].get(_url(loaded, account, date_from="110/08/01", date_to="110/08/31", format="csv"))
    _header, *rows = _csv(response)
    august = [lookup for lookup in _stored(account) if lookup["ts"].month == 8]
    assert [int(row[0]) for row in rows] == [lookup["lookup_id"] for lookup in august]
    event = AuditEvent.objects.get(verb="accessaudit.logdata.view.timeline_export")
    assert event.data == {
        "account": account,
        "from": "2021-08-01",
        "to": "2021-08-31",
        "format": "csv",
        "rows": len(august),
    }


def test_the_export_as_a_workbook(loaded, account, clients):
    response = clients["officer"].get(_url(loaded, account, format="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    assert [row[0] for row in values[1:]] == [lookup["lookup_id"] for lookup in _stored(account)]


def test_a_period_past_the_limit_is_refused_with_the_count(loaded, account, clients, monkeypatch):
    monkeypatch.setattr(views, "TIMELINE_EXPORT_MAX", 3)
    total = len(_stored(account))
    response = clients["officer"].get(_url(loaded, account, date_to="110/12/31", format="csv"), follow=True)
    timeline = reverse("accessaudit:user_timeline", args=[loaded.system.code, account])
    assert response.redirect_chain == [(f"{timeline}?date_to=110%2F12%2F31", 302)]
    assert f"此期間共 {total} 筆查閱，超過匯出上限 3 筆；請縮短期間後再匯出。" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="accessaudit.logdata.view.timeline_export").exists()


def test_the_timeline_page_offers_the_export_of_its_period(loaded, account, clients):
    url = reverse("accessaudit:user_timeline", args=[loaded.system.code, account])
    page = clients["officer"].get(url, {"date_from": "110/08/01", "date_to": "110/08/31", "page": "2"})
    export = reverse("accessaudit:user_timeline_export", args=[loaded.system.code, account])
    html = page.content.decode()
    assert f'href="{export}?date_from=110%2F08%2F01&amp;date_to=110%2F08%2F31&amp;format=xlsx"' in html

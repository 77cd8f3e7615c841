"""The manual check of a month's sample: one result per drawn lookup, shown beside the rule alerts."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from probity.accessaudit import domain
from probity.accessaudit.models import Alert, SampleCheck, SampleDraw
from probity.audit.models import AuditEvent


def _drawn(count: int, *, first_lookup: int = 1000) -> list[dict]:
    return [
        {
            "order": n,
            "lookup_id": first_lookup + n,
            "ts": f"2021-08-02 09:{n % 60:02d}:00",
            "account": f"u{n:04d}",
            "action": "print" if n == 1 else "query",
            "subject_id": f"A1{n:08d}",
            "reason": f"北市府字第{n}號",
        }
        for n in range(1, count + 1)
    ]


@pytest.fixture
def draw(designated, system):
    """A hand-made draw of three lookups (the drawing itself is tested with the sampling library)."""
    return _make_draw(system, 3)


def _make_draw(system, count: int) -> SampleDraw:
    return SampleDraw.objects.create(
        system=system,
        unit=system.unit,
        month="2021-08",
        sources=["1"],
        key_string="1./",
        pool_size=count * 100,
        pool_digest="0" * 64,
        size=count,
        drawn=_drawn(count),
    )


def _check_url(draw):
    return reverse("accessaudit:sample_check", args=[draw.code])


# The domain -------------------------------------------------------------------


def test_a_check_is_recorded_and_a_later_one_replaces_it(draw, cast):
    domain.check_sampled_lookup(draw=draw, order=2, result="mismatch", note="查無登記", actor=cast.officer)
    domain.check_sampled_lookup(draw=draw, order=2, result="matched", note="補登於第 12 頁", actor=cast.admin)
    check = SampleCheck.objects.get()
    assert (check.order, check.result, check.note, check.checked_by) == (2, "matched", "補登於第 12 頁", cast.admin)
    verbs = list(AuditEvent.objects.filter(target_code=str(draw.code)).order_by("id").values_list("verb", "data"))
    assert verbs == [
        ("accessaudit.sample.check", {"order": 2, "result": "mismatch"}),
        ("accessaudit.sample.recheck", {"order": 2, "result": "matched"}),
    ]


def test_a_mismatch_must_say_why(draw, cast):
    with pytest.raises(ValidationError) as raised:
        domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="  ", actor=cast.officer)
    assert raised.value.messages == ["核對不符時請填寫說明（例如查無查詢紀錄簿登記或案件）。"]
    assert SampleCheck.objects.count() == 0


def test_only_drawn_lookups_can_be_checked(draw, cast):
    with pytest.raises(ValidationError) as raised:
        domain.check_sampled_lookup(draw=draw, order=4, result="matched", actor=cast.officer)
    assert raised.value.messages == ["第 4 筆不在這次抽查之中。"]


# The pages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected", "checks"),
    [("officer", 302, 1), ("admin", 302, 1), ("outsider", 404, 0), ("auditor", 403, 0), ("anonymous", 302, 0)],
)
def test_checking_by_role(draw, clients, role, expected, checks):
    response = clients[role].post(_check_url(draw), {"order": 1, "result": "matched", "note": ""})
    assert response.status_code == expected
    assert SampleCheck.objects.count() == checks


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 200), ("admin", 200), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_export_by_role(draw, clients, role, expected):
    url = reverse("accessaudit:sample_export", args=[draw.code])
    assert clients[role].get(url, {"format": "xlsx"}).status_code == expected


def test_checking_returns_to_the_row_and_refuses_foreign_addresses(draw, clients):
    page = f"{draw.get_absolute_url()}?result=unchecked#lookup-2"
    response = clients["officer"].post(_check_url(draw), {"order": 2, "result": "matched", "back": page})
    assert response.url == page
    response = clients["officer"].post(
        _check_url(draw), {"order": 3, "result": "matched", "back": "https://evil.example/"}
    )
    assert response.url == draw.get_absolute_url()


def test_a_refused_check_says_why_on_the_page(draw, clients):
    response = clients["officer"].post(_check_url(draw), {"order": 1, "result": "mismatch", "note": ""}, follow=True)
    assert "核對不符時請填寫說明（例如查無查詢紀錄簿登記或案件）。" in response.content.decode()
    assert SampleCheck.objects.count() == 0


def test_the_page_counts_checks_and_filters_by_result(draw, clients, cast):
    domain.check_sampled_lookup(draw=draw, order=1, result="matched", actor=cast.officer)
    domain.check_sampled_lookup(draw=draw, order=3, result="mismatch", note="查無登記", actor=cast.officer)
    client = clients["officer"]
    page = client.get(draw.get_absolute_url()).content.decode()
    assert "已核對 2 / 3 筆：相符 1 筆，不符 1 筆。" in page
    assert "<td>列印</td>" in page and "<td>查詢</td>" in page
    orders = {
        result: [row.order for row in client.get(draw.get_absolute_url(), {"result": result}).context["page"]]
        for result in ("", "unchecked", "matched", "mismatch", "nonsense")
    }
    assert orders == {"": [1, 2, 3], "unchecked": [2], "matched": [1], "mismatch": [3], "nonsense": [1, 2, 3]}


def test_a_sampled_lookup_shows_the_rule_alerts_raised_on_it(designated, loaded, clients, cast):
    alert = Alert.objects.filter(system=loaded.system, lookup_id__isnull=False).order_by("pk").first()
    draw = _make_draw(loaded.system, 2)
    draw.drawn[1]["lookup_id"] = alert.lookup_id
    draw.save()
    page = clients["officer"].get(draw.get_absolute_url()).content.decode()
    assert f'<a href="{alert.get_absolute_url()}">{alert.get_rule_display()}</a>' in page


def test_the_page_shows_a_hundred_rows_at_a_time_in_constant_queries(designated, system, clients):
    client = clients["officer"]
    small, large = _make_draw(system, 3), _make_draw(system, 150)
    client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        response = client.get(large.get_absolute_url())
    assert len(many) == len(few)
    assert [row.order for row in response.context["page"]][-1] == 100
    assert [row.order for row in client.get(large.get_absolute_url(), {"page": 2}).context["page"]][0] == 101


def test_the_export_lists_every_drawn_lookup_with_its_check(draw, clients, cast):
    domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
    url = reverse("accessaudit:sample_export", args=[draw.code])
    sheet = load_workbook(io.BytesIO(clients["officer"].get(url, {"format": "xlsx"}).content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "抽出順序",
        "查閱序號",
        "查閱時間",
        "系統帳號",
        "動作",
        "當事人",
        "查詢事由",
        "規則警示",
        "核對結果",
        "核對說明",
        "核對人",
    ]
    assert rows[1] == [
        1,
        1001,
        "110/08/02 09:01",
        "u0001",
        "列印",
        "A100000001",
        "北市府字第1號",
        None,
        "不符，查無依據",
        "查無登記",
        str(cast.officer),
    ]
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    response = clients["officer"].get(url, {"format": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[3][:4] == ["3", "1003", "110/08/02 09:03", "u0003"]
    assert AuditEvent.objects.filter(verb="accessaudit.logdata.view.sample_export").count() == 2


def test_the_system_page_lists_each_sample_with_its_check_progress(draw, clients, cast):
    domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
    domain.check_sampled_lookup(draw=draw, order=2, result="matched", actor=cast.officer)
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[draw.system.code])).content.decode()
    assert "（已核對 2 / 3，不符 1）" in page

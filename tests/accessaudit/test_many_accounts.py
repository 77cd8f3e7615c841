"""The alert queue's subjects with alerts from several accounts, and its search on a subject's ID number."""

import datetime as dt

import duckdb
import pytest
from django.urls import reverse

from probity.accessaudit import domain, storage
from probity.accessaudit.models import Alert
from tests.accessaudit.conftest import make_alert

URL = reverse("accessaudit:alert_list")


def _alert(system, account: str, subject: str, day: int, *, rule="unexplained", kind="no_explanation") -> Alert:
    return make_alert(system, rule=rule, kind=kind, account=account, subject_id=subject, day=dt.date(2021, 8, day))


def _subjects_table(system, rows: list[tuple[str, str]]) -> None:
    path = storage.source_path(system.key, "subjects")
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.execute("CREATE TABLE s (subject_id VARCHAR, name VARCHAR)")
        con.executemany("INSERT INTO s VALUES (?, ?)", rows)
        con.execute(f"COPY s TO '{path}' (FORMAT parquet)")


@pytest.fixture
def spread(designated, system):
    """A subject three accounts looked up (four alerts), one that a single account looked up twice, a day's
    volume alert without a subject, and a subject another unit's system alerted on."""
    for account, subject, day in [
        ("HR001", "A123456789", 3),
        ("HR002", "A123456789", 9),
        ("HR002", "A123456789", 12),
        ("HR003", "A123456789", 20),
        ("HR004", "B223456789", 5),
        ("HR004", "B223456789", 6),
        ("HR005", "C123456789", 7),
        ("HR006", "C123456789", 7),
    ]:
        _alert(system, account, subject, day)
    _alert(system, "HR007", "", 8, rule="volume", kind="volume")
    _alert(system, "HR008", "", 8, rule="volume", kind="volume")
    other = domain.register_system(
        agency=designated.agency_b, key="land", name="地政資訊系統", column_mapping=system.column_mapping, actor=None
    )
    _alert(other, "LA001", "A123456789", 4)
    _alert(other, "LA002", "A123456789", 4)
    _subjects_table(system, [("A123456789", "王小明"), ("C123456789", "陳大文")])
    return system


def _rows(response) -> list[tuple]:
    return [
        (row["system"].name, row["subject_id"], row["subject_name"], row["accounts"], row["alerts"])
        + (row["first_day"], row["last_day"])
        for row in response.context["subjects"]
    ]


def test_subjects_alerted_from_several_accounts_most_accounts_first_with_their_names(spread, clients):
    response = clients["officer"].get(URL)
    assert _rows(response) == [
        ("戶役政資訊系統", "A123456789", "王小明", 3, 4, dt.date(2021, 8, 3), dt.date(2021, 8, 20)),
        ("戶役政資訊系統", "C123456789", "陳大文", 2, 2, dt.date(2021, 8, 7), dt.date(2021, 8, 7)),
    ]


def test_each_row_posts_the_subject_and_its_alerts_days_to_the_subject_page(spread, clients):
    page = clients["officer"].get(URL).content.decode()
    action = reverse("accessaudit:subject_lookups", args=[spread.code])
    form = page.split('id="many-accounts"', 1)[1].split("</form>", 1)[0]
    assert f'<form method="post" action="{action}" class="inline">' in form
    assert '<input type="hidden" name="subject_id" value="A123456789">' in form
    assert '<input type="hidden" name="date_from" value="110/08/03">' in form
    assert '<input type="hidden" name="date_to" value="110/08/20">' in form
    assert "110/08/03–110/08/20" in page and '<td class="aa-when">110/08/07</td>' in page


def test_the_table_follows_the_queues_filters_and_scope(spread, clients):
    in_month = clients["officer"].get(URL, {"q": "HR00"})
    assert [row[1] for row in _rows(in_month)] == ["A123456789", "C123456789"]
    assert _rows(clients["officer"].get(URL, {"rule": "volume"})) == []
    outsider = clients["outsider"].get(URL)
    assert [(row[0], row[1], row[2], row[3]) for row in _rows(outsider)] == [
        ("地政資訊系統", "A123456789", "", 2),
    ]
    assert 'id="many-accounts"' not in clients["officer"].get(URL, {"q": "HR004"}).content.decode()


def test_the_queue_finds_a_subjects_alerts_by_its_id_number_in_any_case(spread, clients):
    response = clients["officer"].get(URL, {"q": "a123456789"})
    found = sorted((alert.account, alert.day.day) for alert in response.context["page"])
    assert found == [("HR001", 3), ("HR002", 9), ("HR002", 12), ("HR003", 20)]
    assert response.context["page"].paginator.count == 4
    assert clients["officer"].get(URL, {"q": "A12345678"}).context["page"].paginator.count == 0


def test_the_search_box_says_what_it_searches(spread, clients):
    page = clients["officer"].get(URL).content.decode()
    assert 'placeholder="帳號、姓名、統號" title="帳號、姓名、警示原因、類型或當事人統號"' in page


@pytest.mark.django_db
def test_the_summary_reads_its_covering_index(designated, system):
    from django.db import connection

    from probity.accessaudit.queries import subjects_of_many_accounts

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A test's few rows would rather be scanned and sorted: ask whether the index can give their order.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
    plan = subjects_of_many_accounts(Alert.objects.filter(system=system)).explain()
    assert "accessaudit_alert_subjects" in plan

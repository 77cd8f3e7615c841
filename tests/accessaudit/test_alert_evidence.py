"""Beside an alert: the lookup as logged, and the entries that could explain it, against a plain reading."""

import datetime as dt

import duckdb
import pyarrow.parquet as pq
import pytest

from probity.accessaudit import queries
from probity.accessaudit.models import Alert


def _stored_lookup(system, lookup_id) -> dict:
    """The lookup read by scanning the whole store (the page reads one month's bucket)."""
    with duckdb.connect() as con:
        return (
            con.sql(
                "SELECT lookup_id, ts, user_id, action, subject_id, reason, client, records "
                "FROM read_parquet(?, hive_partitioning=true, union_by_name=true) WHERE lookup_id = ?",
                params=[queries.store_glob(system), lookup_id],
            )
            .to_arrow_table()
            .to_pylist()[0]
        )


def _expected(work, alert, lookup) -> tuple[list, list]:
    entries = pq.read_table(work / "explanations.parquet").to_pylist()

    def shaped(entry):
        covers = entry["valid_from"] <= alert.day <= entry["valid_to"]
        return (entry["user_id"], entry["subject_id"], entry["doc_no"], covers)

    pair = [shaped(e) for e in entries if (e["user_id"], e["subject_id"]) == (alert.account, lookup["subject_id"])]
    cited = [shaped(e) for e in entries if lookup["reason"] and e["doc_no"] == lookup["reason"]]
    return sorted(pair), sorted(cited)


@pytest.mark.parametrize("kind", ["no_explanation", "unknown_document", "self"])
def test_the_alert_page_shows_the_lookup_and_every_entry_that_could_explain_it(designated, clients, loaded, kind):
    alert = Alert.objects.filter(system=loaded.system, kind=kind).order_by("pk").first()
    response = clients["officer"].get(alert.get_absolute_url())
    evidence = response.context["evidence"]
    lookup = _stored_lookup(loaded.system, alert.lookup_id)
    assert evidence.lookup == lookup
    pair, cited = _expected(loaded.work, alert, lookup)
    found = evidence.explanations

    def shaped(entries):
        return sorted((e["user_id"], e["subject_id"], e["doc_no"], e["covers"]) for e in entries)

    assert (shaped(found.pair), found.pair_total) == (pair, len(pair))
    assert (shaped(found.document), found.document_total) == (cited, len(cited))
    # What made the alert: nothing covers the day (no explanation), the cited number is registered nowhere.
    if kind == "no_explanation":
        assert not any(covers for *_rest, covers in pair)
    if kind == "unknown_document":
        assert cited == [] and "這個文號不在任何案件指派或查詢登記中。" in response.content.decode()
    page = response.content.decode()
    assert f"<dt>查詢事由</dt><dd>{lookup['reason'] or '（未填寫）'}</dd>" in page


def test_a_purged_lookup_is_said_to_be_gone(designated, clients, loaded):
    alert = Alert.objects.filter(system=loaded.system, lookup_id__isnull=False).order_by("pk").first()
    Alert.objects.filter(pk=alert.pk).update(day=dt.date(2020, 1, 1))  # a month the store no longer holds
    page = clients["officer"].get(alert.get_absolute_url()).content.decode()
    assert "儲存區中已無這筆查閱" in page


@pytest.mark.parametrize(
    ("kind", "same"),
    [
        ("self", ["身分證號", "姓名", "姓", "戶籍地址", "單位", "區域"]),
        ("household", ["姓", "戶籍地址", "區域"]),
        ("coworker", ["單位", "區域"]),
    ],
)
def test_the_alert_page_sets_the_account_beside_the_subject(designated, clients, loaded, kind, same):
    alert = Alert.objects.filter(system=loaded.system, kind=kind).order_by("pk").first()
    response = clients["officer"].get(alert.get_absolute_url())
    lookup = _stored_lookup(loaded.system, alert.lookup_id)
    staff = _row(loaded.work / "users.parquet", "user_id", alert.account)
    subject = _row(loaded.work / "subjects.parquet", "subject_id", lookup["subject_id"])
    parties = {party.label: party for party in response.context["evidence"].parties}
    assert [label for label, party in parties.items() if party.same] == same
    assert (parties["姓名"].account, parties["姓名"].subject) == (staff["name"], subject["name"])
    assert (parties["戶籍地址"].account, parties["戶籍地址"].subject) == (staff["address"], subject["address"])
    assert parties["重要人士"].subject == ("是" if subject["vip"] else "否")
    page = response.content.decode()
    assert page.count("（相同）") == len(same)


def test_a_vip_alert_names_the_subject_as_such(designated, clients, loaded):
    alert = Alert.objects.filter(system=loaded.system, kind="vip").order_by("pk").first()
    response = clients["officer"].get(alert.get_absolute_url())
    parties = {party.label: party for party in response.context["evidence"].parties}
    assert parties["重要人士"].subject == "是"


def test_no_comparison_without_the_source_tables(designated, clients, loaded):
    from probity.accessaudit import storage

    alert = Alert.objects.filter(system=loaded.system, kind="self").order_by("pk").first()
    for kind in ("users", "subjects"):
        storage.source_path(loaded.system.key, kind).unlink()
    response = clients["officer"].get(alert.get_absolute_url())
    assert response.context["evidence"].parties == []
    assert "查閱者與當事人" not in response.content.decode()


def _row(path, column, value) -> dict:
    return next(row for row in pq.read_table(path).to_pylist() if row[column] == value)

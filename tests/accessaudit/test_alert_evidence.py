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

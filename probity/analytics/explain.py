# ruff: noqa: S608  (SQL is built from the library's own templates; every value is bound)
"""What could explain one lookup: the user's assignments and register entries for its subject, and the
entries registered under the document number the lookup cites. Triage reads it beside an alert."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import duckdb

COLUMNS = "user_id, subject_id, doc_no, valid_from, valid_to, kind"


class Explanations(NamedTuple):
    pair: list[dict]  # the user's entries for the subject, each with ``covers``: whether it spans the day
    document: list[dict]  # the entries under the cited document number, whoever they name
    pair_total: int
    document_total: int


def explanations_for(
    explanations: Path | str | None, *, user_id: str, subject_id: str, doc_no: str | None, day: dt.date, limit: int = 20
) -> Explanations:
    """At most ``limit`` entries of each kind, nearest to ``day`` first, with the whole counts."""
    if explanations is None or not Path(explanations).exists():
        return Explanations([], [], 0, 0)
    doc_no = (doc_no or "").strip()
    with duckdb.connect() as con:
        # One read of the file for both lists; "distance" puts the entries nearest the day first.
        con.execute(
            f"""CREATE TEMP TABLE hits AS
                SELECT {COLUMNS}, own_pair, cited, coalesce(valid_from <= $day AND valid_to >= $day, false) AS covers,
                       least(abs(datediff('day', valid_from, $day)), abs(datediff('day', valid_to, $day))) AS distance
                FROM (SELECT *, user_id = $user AND subject_id = $subject AS own_pair,
                             $doc <> '' AND coalesce(trim(doc_no), '') = $doc AS cited
                      FROM read_parquet($path))
                WHERE own_pair OR cited""",
            {"path": str(explanations), "user": user_id, "subject": subject_id, "doc": doc_no, "day": day},
        )

        def rows(condition: str) -> tuple[list[dict], int]:
            found = con.sql(
                f"SELECT {COLUMNS}, covers, count(*) OVER () AS total FROM hits WHERE {condition} "
                f"ORDER BY covers DESC, distance, valid_from, user_id, subject_id LIMIT {int(limit)}"
            ).to_arrow_table()
            total = found["total"][0].as_py() if found.num_rows else 0
            return found.drop_columns("total").to_pylist(), total

        pair, pair_total = rows("own_pair")
        document, document_total = rows("cited")
    return Explanations(pair, document, pair_total, document_total)

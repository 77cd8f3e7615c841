# ruff: noqa: S608  (SQL is built from the library's own templates; every value is quoted by _literal or bound)
"""Recall of the rules on generated logs: which injected, labelled scenarios the alerts caught."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from probity.analytics.generate import SCENARIOS


def recall_by_scenario(alerts: pa.Table, labels: Path | str | pa.Table) -> dict[str, dict]:
    """Per scenario: labelled count, caught count and recall (lookup-level; volume per user-day; repeat per user)."""
    con = duckdb.connect()
    con.register("alerts", alerts)
    con.register("expected", pa.table({"scenario": list(SCENARIOS), "rule": list(SCENARIOS.values())}))
    label_relation = "labels_arrow" if isinstance(labels, pa.Table) else f"read_parquet('{labels}')"
    if isinstance(labels, pa.Table):
        con.register("labels_arrow", labels)
    rows = con.execute(
        f"""
        WITH lab AS (SELECT l.*, e.rule FROM {label_relation} l JOIN expected e USING (scenario)),
        caught AS (
          SELECT lab.*, CASE
            WHEN rule = 'volume' THEN EXISTS (SELECT 1 FROM alerts a WHERE a.rule = 'volume' AND a.user_id = lab.user_id AND a.day = lab.day)
            WHEN rule = 'repeat' THEN EXISTS (SELECT 1 FROM alerts a WHERE a.rule = 'repeat' AND a.user_id = lab.user_id)
            ELSE EXISTS (SELECT 1 FROM alerts a WHERE a.rule = lab.rule AND a.lookup_id = lab.lookup_id) END AS hit
          FROM lab
        )
        SELECT scenario, count(*), count(*) FILTER (WHERE hit) FROM caught GROUP BY scenario ORDER BY scenario
        """
    ).fetchall()
    con.close()
    return {name: {"labelled": n, "caught": hit, "recall": round(hit / n, 4) if n else None} for name, n, hit in rows}

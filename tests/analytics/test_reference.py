"""The DuckDB rules give exactly what a plain-Python reading of the same rules gives, on generated logs."""

import datetime as dt
import math
from collections import defaultdict

import pyarrow.parquet as pq
import pytest

from probity.analytics.calendar import load_holidays
from probity.analytics.generate import canonical_log, generate
from probity.analytics.rules import DEFAULT_RULES, AuditInput, run_rules

START, END = dt.date(2021, 7, 1), dt.date(2021, 12, 31)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    generate(out, events=4000, fmt="parquet", seed=7, scenario_rate=0.002)
    table = canonical_log(out)
    return out, table, table.to_pylist()


def reference(out, rows):
    users = {u["user_id"]: u for u in pq.read_table(out / "users.parquet").to_pylist()}
    subjects = {s["subject_id"]: s for s in pq.read_table(out / "subjects.parquet").to_pylist()}
    relatives = {
        (r["person_id"], r["relative_id"]): r["relation"] for r in pq.read_table(out / "relatives.parquet").to_pylist()
    }
    explanations = defaultdict(list)
    docs = set()
    for e in pq.read_table(out / "explanations.parquet").to_pylist():
        explanations[(e["user_id"], e["subject_id"])].append((e["valid_from"], e["valid_to"]))
        docs.add(e["doc_no"])
    holidays = {h["date"]: h for h in load_holidays().to_pylist()}
    found = set()
    for r in rows:
        day = r["ts"].date()
        if day < START:
            continue
        ident = r["lookup_id"]
        # unexplained
        if not r["reason"]:
            found.add(("unexplained", "no_reason", ident))
        elif r["reason"] not in docs:
            found.add(("unexplained", "unknown_document", ident))
        elif not any(a <= day <= b for a, b in explanations[(r["user_id"], r["subject_id"])]):
            found.add(("unexplained", "no_explanation", ident))
        # relationship
        u, s = users[r["user_id"]], subjects.get(r["subject_id"])
        if r["subject_id"] == u["person_id"]:
            found.add(("relationship", "self", ident))
        if s is not None and r["subject_id"] != u["person_id"]:
            if s["staff_unit"] == u["unit"]:
                found.add(("relationship", "coworker", ident))
            if s["surname"] == u["surname"] and s["address"] == u["address"]:
                found.add(("relationship", "household", ident))
        if (u["person_id"], r["subject_id"]) in relatives:
            found.add(("relationship", "relative", ident))
        if s is not None and s["vip"]:
            found.add(("relationship", "vip", ident))
        # off-hours
        h = holidays.get(day)
        t = r["ts"].time()
        if h and h["kind"] == "holiday":
            found.add(("offhours", "holiday", ident))
        elif day.weekday() >= 5 and not (h and h["kind"] == "workday"):
            found.add(("offhours", "weekend", ident))
        elif t < dt.time(8) or t >= dt.time(18):
            found.add(("offhours", "night", ident))
        # bulk
        if r["action"] in ("print", "export") and r["records"] >= 100:
            found.add(("bulk", r["action"], ident))
    # area: usual areas from the share of each user's lookups, plus the user's own area
    pairs = {}
    for r in rows:
        key = (r["user_id"], r["subject_id"])
        n, first = pairs.get(key, (0, None))
        pairs[key] = (n + 1, min(first, (r["ts"], r["lookup_id"])) if first else (r["ts"], r["lookup_id"]))
    per_area = defaultdict(lambda: defaultdict(int))
    for (user, subject), (n, _first) in pairs.items():
        if subject in subjects:
            per_area[user][subjects[subject]["area"]] += n
    usual = {}
    for user, areas in per_area.items():
        total = sum(areas.values())
        usual[user] = {a for a, n in areas.items() if n / total >= DEFAULT_RULES["area"]["params"]["usual_share"]}
    for user, u in users.items():
        usual.setdefault(user, set()).add(u["area"])
    for (user, subject), (_n, (ts, ident)) in pairs.items():
        if subject in subjects and subjects[subject]["area"] not in usual[user] and ts.date() >= START:
            found.add(("area", "outside_area", ident))
    # volume
    p = DEFAULT_RULES["volume"]["params"]
    daily = defaultdict(int)
    for r in rows:
        daily[(r["user_id"], r["ts"].date())] += 1
    peers = defaultdict(lambda: [0, 0])
    for (user, day), n in daily.items():
        group = peers[(day, users[user]["unit"], users[user]["role"])]
        group[0] += n
        group[1] += 1
    for (user, day), n in daily.items():
        if day < START or n < p["min_count"]:
            continue
        history = [daily.get((user, day - dt.timedelta(days=k)), 0) for k in range(1, p["history_days"] + 1)]
        history = [x for x in history if x]
        if len(history) < p["min_history_days"]:
            continue
        mean = sum(history) / len(history)
        sd = math.sqrt(max(sum(x * x for x in history) / len(history) - mean**2, 0))
        ps, pc = peers[(day, users[user]["unit"], users[user]["role"])]
        peer_mean = (ps - n) / (pc - 1) if pc > 1 else None
        if n > mean + p["z"] * max(sd, p["min_sd"]) and (peer_mean is None or n > p["peer_factor"] * peer_mean):
            found.add(("volume", user, day))
    return found


def test_library_equals_plain_python_reference(generated):
    out, table, rows = generated
    result = run_rules(
        AuditInput(
            lookups=table,
            users=out / "users.parquet",
            subjects=out / "subjects.parquet",
            explanations=out / "explanations.parquet",
            relatives=out / "relatives.parquet",
        ),
        start=START,
        end=END,
        rules={"repeat": {"enabled": False}},
    )
    library = set()
    for a in result.alerts.to_pylist():
        if a["rule"] == "volume":
            library.add(("volume", a["user_id"], a["day"]))
        else:
            library.add((a["rule"], a["kind"], a["lookup_id"]))
    expected = reference(out, rows)
    assert len(rows) > 4000
    assert {k[0] for k in expected} >= {"unexplained", "relationship", "offhours", "bulk", "area", "volume"}
    assert library == expected


def test_store_with_stored_keys_gives_the_same_alerts_as_the_table(generated, tmp_path):
    """The ingested store (user, subject and reason hashes kept at ingest) and the bare table agree, text included."""
    from probity.analytics.ingest import ColumnMapping, ingest, lookups_glob

    out, table, _rows = generated
    mapping = ColumnMapping(
        columns={name: name for name in ("lookup_id", "ts", "user_id", "action", "subject_id", "reason", "records")}
    )
    ingest(_canonical(table, tmp_path), root=tmp_path / "store", system="hr", mapping=mapping, batch=1)
    sources = {
        "users": out / "users.parquet",
        "subjects": out / "subjects.parquet",
        "explanations": out / "explanations.parquet",
        "relatives": out / "relatives.parquet",
    }
    from_table = run_rules(AuditInput(lookups=table, **sources), start=START, end=END)
    from_store = run_rules(AuditInput(lookups=lookups_glob(tmp_path / "store", "hr"), **sources), start=START, end=END)
    assert from_store.alerts.num_rows == from_table.alerts.num_rows > 0
    assert from_store.alerts.to_pylist() == from_table.alerts.to_pylist()


def _canonical(table, tmp_path):
    path = tmp_path / "canonical.parquet"
    pq.write_table(table.select(["lookup_id", "ts", "user_id", "action", "subject_id", "reason", "records"]), path)
    return path

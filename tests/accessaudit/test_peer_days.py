"""Peer days: each audit run keeps its peer groups' lookups per day; a timeline draws the peers' mean."""

import base64
import datetime as dt
import re
from collections import Counter, defaultdict

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.urls import reverse

from probity.accessaudit import domain, queries, storage
from probity.accessaudit.models import PeerDay
from probity.analytics.ingest import lookups_glob

from .conftest import END, START


def _groups(system) -> dict[str, tuple[str, str]]:
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT user_id, unit, role FROM read_parquet(?)", [str(storage.source_path(system.key, "users"))]
        ).fetchall()
    return {user: (unit, role) for user, unit, role in rows if unit and role}


def _lookups_per_user_day(system) -> Counter:
    glob = lookups_glob(storage.root(), system.key)
    with duckdb.connect() as con:
        rows = con.execute(f"SELECT user_id, CAST(ts AS DATE) FROM read_parquet('{glob}', hive_partitioning=true)")
        return Counter(rows.fetchall())


def _reference(system, start=START, end=END) -> dict[tuple, tuple[int, int]]:
    """(unit, role, day) → (users who looked anything up, their lookups), counted in plain Python."""
    groups = _groups(system)
    counted: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for (user, day), n in _lookups_per_user_day(system).items():
        if user in groups and start <= day <= end:
            counted[(*groups[user], day)][0] += 1
            counted[(*groups[user], day)][1] += n
    return {key: tuple(value) for key, value in counted.items()}


def _stored(system) -> dict[tuple, tuple[int, int]]:
    rows = PeerDay.objects.filter(system=system).values_list("unit", "role", "day", "users", "lookups")
    return {(unit, role, day): (users, lookups) for unit, role, day, users, lookups in rows}


def test_an_audit_run_keeps_each_peer_groups_lookups_per_day(loaded):
    stored = _stored(loaded.system)
    assert stored == _reference(loaded.system)
    assert len(stored) > 100  # several groups over half a year of working days


def test_a_rerun_over_part_of_the_period_replaces_only_those_days(loaded, cast):
    before = _stored(loaded.system)
    august = (dt.date(2021, 8, 1), dt.date(2021, 8, 31))
    PeerDay.objects.filter(system=loaded.system, day__range=august).update(lookups=0)
    run = domain.start_audit_run(system=loaded.system, date_from=august[0], date_to=august[1], actor=cast.admin)
    domain.perform_audit_run(run, actor=cast.admin)
    assert _stored(loaded.system) == before


def _peer_means(system, account) -> dict[dt.date, float]:
    """What the chart should draw: each day's peers without the account, in plain Python."""
    unit, role = _groups(system)[account]
    own = {day: n for (user, day), n in _lookups_per_user_day(system).items() if user == account}
    means = {}
    for (g_unit, g_role, day), (users, lookups) in _reference(system).items():
        others = users - (1 if day in own else 0)
        if (g_unit, g_role) == (unit, role) and others:
            means[day] = (lookups - own.get(day, 0)) / others
    return means


def _account_in_the_largest_group(system) -> str:
    groups = _groups(system)
    largest = Counter(groups.values()).most_common(1)[0][0]
    return min(user for user, group in groups.items() if group == largest)


def test_the_timeline_draws_the_peers_mean_without_the_account(designated, loaded, clients):
    account = _account_in_the_largest_group(loaded.system)
    url = reverse("accessaudit:user_timeline", args=[loaded.system.code, account])
    response = clients["officer"].get(url)
    peers = response.context["peers"]
    assert (peers.unit, peers.role) == _groups(loaded.system)[account]
    expected = _peer_means(loaded.system, account)
    assert len(expected) > 50
    assert peers.means == pytest.approx(expected)
    html = response.content.decode()
    svg = base64.b64decode(re.search(r'data:image/svg\+xml;base64,([^"]+)"', html).group(1)).decode()
    assert "同單位同職稱同仁平均" in svg
    assert "#4b5563" in svg
    assert f"灰線：{peers.unit}其他{peers.role}當日的平均查閱筆數" in html


def _chart(response) -> str:
    return base64.b64decode(response.context["chart"]).decode()


def test_no_peer_line_for_an_account_alone_in_its_group(designated, loaded, clients):
    groups = _groups(loaded.system)
    alone = min(user for user, group in groups.items() if list(groups.values()).count(group) == 1)
    response = clients["officer"].get(reverse("accessaudit:user_timeline", args=[loaded.system.code, alone]))
    assert response.context["total"] > 0
    assert response.context["peers"] is None
    assert "同單位同職稱同仁平均" not in _chart(response)
    assert (
        "<figcaption>沒有同仁比較線：這段期間同單位同職稱沒有其他同仁查閱。</figcaption>" in response.content.decode()
    )


def test_no_peer_line_before_a_run_has_counted_the_days(designated, loaded, clients):
    PeerDay.objects.all().delete()
    account = _account_in_the_largest_group(loaded.system)
    response = clients["officer"].get(reverse("accessaudit:user_timeline", args=[loaded.system.code, account]))
    assert response.context["peers"] is None
    assert "同單位同職稱同仁平均" not in _chart(response)
    assert queries.peer_group(queries.staff_record(loaded.system, "NOBODY")) is None
    caption = "沒有同仁比較線：尚無稽核執行涵蓋這段期間；執行稽核後即可與同單位同職稱同仁比較。"
    assert f"<figcaption>{caption}</figcaption>" in response.content.decode()


def test_no_peer_line_for_an_account_the_user_mapping_gives_no_role(designated, loaded, clients):
    account = _account_in_the_largest_group(loaded.system)
    path = storage.source_path(loaded.system.key, "users")
    users = pq.read_table(path).to_pylist()
    pq.write_table(pa.Table.from_pylist([{**u, "role": None} if u["user_id"] == account else u for u in users]), path)
    response = clients["officer"].get(reverse("accessaudit:user_timeline", args=[loaded.system.code, account]))
    assert response.context["total"] > 0
    assert response.context["peers"] is None
    html = response.content.decode()
    assert "<figcaption>沒有同仁比較線：使用者對照沒有此帳號的單位與職稱。</figcaption>" in html
    english = clients["officer"]
    english.cookies["django_language"] = "en"
    html = english.get(reverse("accessaudit:user_timeline", args=[loaded.system.code, account])).content.decode()
    assert "<figcaption>No peer line: the user mapping gives this account no unit and job title.</figcaption>" in html

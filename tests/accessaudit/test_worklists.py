"""The dashboard's access-audit worklists: alerts still to decide and samples still to check, per role."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from probity.accessaudit import domain
from probity.accessaudit.enums import Decision
from probity.accessaudit.models import Alert, ImportedMonth, LogImport
from probity.core.worklists import worklists_for
from tests.accessaudit.conftest import make_draw, mapping

KEYS = ("accessaudit.alerts_to_review", "accessaudit.samples_unchecked", "accessaudit.month_not_sampled")


@pytest.fixture
def work(designated, system, cast):
    """Five alerts (two still open, one needing inquiry) and two samples of three, one of them fully checked."""
    alerts = [
        Alert.objects.create(
            system=system,
            unit=system.unit,
            rule="offhours",
            kind="offhours",
            account=f"HR{n}",
            day=dt.date(2021, 8, n),
            score=1.0,
            reason="下班時間查閱",
        )
        for n in range(1, 6)
    ]
    domain.decide_alert(alert=alerts[0], decision=Decision.JUSTIFIED, note="", actor=cast.officer)
    domain.decide_alert(alert=alerts[1], decision=Decision.MISUSE, note="無公務需要", actor=cast.officer)
    domain.decide_alert(alert=alerts[2], decision=Decision.INQUIRY, note="", actor=cast.officer)
    for month, checked in (("2021-08", 3), ("2021-09", 1)):
        draw = make_draw(system, 3, month=month)
        for order in range(1, checked + 1):
            domain.check_sampled_lookup(draw=draw, order=order, result="matched", actor=cast.officer)


@pytest.mark.parametrize(
    ("role", "counts"),
    [
        ("officer", {KEYS[0]: 3, KEYS[1]: 1, KEYS[2]: 0}),
        ("admin", {KEYS[0]: 3, KEYS[1]: 1, KEYS[2]: 0}),
        ("outsider", {KEYS[0]: 0, KEYS[1]: 0, KEYS[2]: 0}),
    ],
)
def test_designated_officers_see_their_scopes_remaining_work(work, cast, role, counts):
    user = getattr(cast, role)
    lists = {entry.key: entry for entry in worklists_for(user) if entry.key in KEYS}
    assert {key: entry.items_for(user).count() for key, entry in lists.items()} == counts


def test_users_outside_the_module_have_no_such_worklist(work, cast):
    domain.revoke_auditor(designation=cast.officer.access_auditor, actor=cast.admin)
    cast.officer.refresh_from_db()
    for user in (cast.auditor, type(cast.officer).objects.get(pk=cast.officer.pk)):
        assert [entry.key for entry in worklists_for(user) if entry.key in KEYS] == []


def test_the_dashboard_lists_them_with_their_counts(work, clients):
    page = clients["officer"].get("/").content.decode()
    assert '<a href="/accessaudit/">查閱稽核警示待審查或待查證</a>' in page
    assert '<a href="/accessaudit/systems/">查閱紀錄抽查尚未核對完成</a>' in page
    assert '<span class="worklist-count">3</span>' in page


def _last_month() -> str:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def _imported(system, months, *, batch, status="succeeded"):
    log_import = LogImport.objects.create(
        system=system,
        unit=system.unit,
        batch=batch,
        file_name=f"log{batch}.csv",
        path=f"/tmp/log{batch}.csv",
        status=status,
    )
    ImportedMonth.objects.bulk_create(ImportedMonth(log_import=log_import, month=month) for month in months)
    return log_import


def _not_sampled(user) -> list[str]:
    entry = next(entry for entry in worklists_for(user) if entry.key == "accessaudit.month_not_sampled")
    return [system.key for system in entry.items_for(user)]


def test_a_system_whose_last_month_is_imported_but_not_sampled_is_listed(designated, system, cast):
    month = _last_month()
    other = domain.register_system(
        agency=cast.agency_a, key="land", name="地政資訊系統", column_mapping=mapping(), actor=cast.admin
    )
    _imported(system, ["2021-08", month], batch=1)
    _imported(other, [month], batch=2, status="failed")  # a failed import covers nothing
    assert _not_sampled(cast.officer) == ["hr"]
    assert _not_sampled(cast.outsider) == []
    entry = next(entry for entry in worklists_for(cast.officer) if entry.key == "accessaudit.month_not_sampled")
    with CaptureQueriesContext(connection) as queries:
        assert entry.items_for(cast.officer).count() == 1
    assert len(queries) == 1
    make_draw(system, 1, month=month)
    assert _not_sampled(cast.officer) == []

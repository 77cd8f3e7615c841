"""The access-audit demo links its confirmed findings to inspections without moving activities' seed figures."""

import datetime as dt

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from probity.accessaudit import queries, storage
from probity.accessaudit.models import AccessAuditFinding, AccessAuditor, Alert, MonitoredSystem, SampleDraw
from probity.activities.enums import InspectionKind
from probity.activities.models import Inspection
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.declarations.enums import DeclarantCategory
from probity.declarations.models import Declarant
from probity.org.models import User
from probity.org.scope import Scope


@pytest.fixture
def demo(db):
    call_command("load_demo", "--only", "org")
    call_command("load_demo", "--only", "activities")
    call_command("load_demo", "--only", "accessaudit")


def _persons(system) -> dict[str, str]:
    users = pq.read_table(storage.source_path(system.key, "users"), columns=["user_id", "person_id"])
    return dict(zip(users["user_id"].to_pylist(), users["person_id"].to_pylist(), strict=True))


def test_demo_findings_have_inspections_outside_110h2(demo):
    findings = list(AccessAuditFinding.objects.select_related("inspection", "system"))
    assert len(findings) == 3
    for finding in findings:
        assert finding.inspection.kind == InspectionKind.INFORMATION_SYSTEM
        assert finding.inspection.agency == finding.system.agency
        assert finding.inspection.unit == finding.system.unit
        assert not dt.date(2021, 7, 1) <= finding.inspection.date <= dt.date(2021, 12, 31)


def test_demo_keeps_the_110h2_inspection_figure(demo):
    result = get_indicator("activities.inspections.information").evaluate(Period.parse("110H2"), Scope.city())
    assert result.value == 354


def test_demo_load_twice_changes_nothing(demo):
    inspections = Inspection.objects.count()
    links = list(AccessAuditFinding.objects.order_by("pk").values_list("pk", "inspection_id"))
    call_command("load_demo", "--only", "accessaudit")
    assert Inspection.objects.count() == inspections
    assert list(AccessAuditFinding.objects.order_by("pk").values_list("pk", "inspection_id")) == links


def test_demo_draws_a_month_sample_and_checks_its_first_lookups(demo):
    draw = SampleDraw.objects.select_related("system").get()
    assert (draw.system.key, draw.month, draw.size) == ("hr", "2021-08", -(-draw.pool_size // 100))
    order_of = {row["lookup_id"]: row["order"] for row in draw.drawn}
    unexplained = Alert.objects.filter(system=draw.system, rule="unexplained", lookup_id__in=list(order_of))
    first_unexplained = min(order_of[lookup] for lookup in unexplained.values_list("lookup_id", flat=True))
    checks = {check.order: (check.result, check.checked_by.username) for check in draw.checks.all()}
    assert first_unexplained > 12
    assert checks == {
        **dict.fromkeys(range(1, 13), ("matched", "officer")),
        first_unexplained: ("mismatch", "officer"),
    }
    call_command("load_demo", "--only", "accessaudit")
    assert SampleDraw.objects.count() == 1


def test_demo_office_heads_declare_relatives_that_the_relative_rule_reads(demo):
    heads = Declarant.objects.filter(position__endswith="主任", category=DeclarantCategory.AGENCY_HEAD)
    family = {d.id_number: {m["id_number"] for m in d.family} for d in heads}
    assert len(family) > 0 and all(len(ids) == 1 for ids in family.values())
    alerts = Alert.objects.filter(rule="relationship", kind="relative").select_related("system")
    persons = {system.key: _persons(system) for system in {a.system for a in alerts}}

    def declared(alert) -> bool:
        return alert.subject_id in family.get(persons[alert.system.key][alert.account], ())

    by_basis = {True: 0, False: 0}
    for alert in alerts:
        by_basis[declared(alert)] += 1
        assert alert.reason.endswith("（依財產申報之親屬資料）" if declared(alert) else "（依親屬資料）")
    assert by_basis[True] > 0 and by_basis[False] > 0


def test_each_demo_system_has_a_designated_auditor_of_its_unit_who_sees_only_it(demo):
    auditors = {a.user.username: a.unit for a in AccessAuditor.objects.filter(is_active=True).select_related("user")}
    systems = {system.key: system.unit for system in MonitoredSystem.objects.all()}
    assert auditors == {"officer": systems["hr"], "officer3": systems["land"]}
    for username, key in (("officer", "hr"), ("officer3", "land")):
        user = User.objects.get(username=username)
        assert list(queries.systems_visible_to(user).values_list("key", flat=True)) == [key]
        assert set(queries.alerts_visible_to(user).values_list("system__key", flat=True)) == {key}

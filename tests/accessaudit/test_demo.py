"""The access-audit demo links its confirmed findings to inspections without moving activities' seed figures."""

import datetime as dt

import pytest
from django.core.management import call_command

from probity.accessaudit.models import AccessAuditFinding
from probity.activities.enums import InspectionKind
from probity.activities.models import Inspection
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org.scope import Scope


@pytest.fixture
def demo(db):
    call_command("load_demo", "--only", "org")
    call_command("load_demo", "--only", "activities")
    call_command("load_demo", "--only", "accessaudit")


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

"""The run form offers the days to audit next: what was imported and not yet audited."""

import datetime as dt

from django.urls import reverse

from probity.accessaudit import queries
from probity.accessaudit.enums import JobStatus
from probity.accessaudit.models import AuditRun


def test_nothing_is_offered_before_any_import(designated, system, clients):
    assert queries.period_to_audit(system) is None
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[system.code])).content.decode()
    assert 'name="date_from"' in page
    assert 'name="date_from" value=' not in page


def test_imported_months_not_yet_audited_are_offered(loaded):
    AuditRun.objects.all().delete()
    assert queries.period_to_audit(loaded.system) == (dt.date(2021, 7, 1), dt.date(2021, 12, 31))


def test_a_failed_run_audited_nothing(loaded):
    AuditRun.objects.update(status=JobStatus.FAILED)
    assert queries.period_to_audit(loaded.system) == (dt.date(2021, 7, 1), dt.date(2021, 12, 31))


def test_the_days_after_the_last_day_audited_are_offered(loaded):
    AuditRun.objects.update(date_to=dt.date(2021, 9, 15))
    assert queries.period_to_audit(loaded.system) == (dt.date(2021, 9, 16), dt.date(2021, 12, 31))
    AuditRun.objects.update(date_to=dt.date(2021, 9, 30))
    assert queries.period_to_audit(loaded.system) == (dt.date(2021, 10, 1), dt.date(2021, 12, 31))


def test_when_everything_is_audited_the_latest_month_is_offered_for_a_rerun(designated, loaded, clients):
    assert queries.period_to_audit(loaded.system) == (dt.date(2021, 12, 1), dt.date(2021, 12, 31))
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[loaded.system.code])).content.decode()
    assert 'name="date_from" value="110/12/01"' in page
    assert 'name="date_to" value="110/12/31"' in page

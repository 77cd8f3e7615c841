"""Indicators for the report tests, computed from real rows.

The domain apps register the real indicators; on this branch they are not
there yet. These fixtures register the report's keys over rows of the core
``ImportRun`` table instead: one import run per figure, whose ``rows`` (or
``created``/``rows`` for a percentage) is the figure. Nothing is mocked: the
builder evaluates registered functions that query the database.
"""

import datetime as dt

import pytest

from probity.core import indicators as registry
from probity.core.indicators import IndicatorResult, indicator, percentage, sum_of
from probity.core.models import ImportRun
from probity.core.roc import TAIPEI, Period

# The 110H2 figures of the seed report, by indicator key (unit, section).
SEED = {
    "activities.meetings.integrity": (95, "場次", "一(一)1"),
    "activities.proposals.integrity": (185, "案", "一(一)1"),
    "prevention.special_audits": (13, "案", "一(一)2"),
    "prevention.preventive_actions": (18, "案", "一(一)3"),
    "prevention.repreventions": (4, "案", "一(一)4"),
    "prevention.role_models.agencies": (22, "機關", "一(二)4"),
    "prevention.role_models.nominees": (43, "人", "一(二)4"),
    "prevention.role_models.selected": (15, "人", "一(二)4"),
    "activities.outreach.asset_declaration.sessions": (22, "場次", "一(三)1"),
    "activities.outreach.asset_declaration.attendances": (1170, "人次", "一(三)1"),
    "declarations.consent_rate": ((9839, 10000), "%", "一(三)1"),
    "declarations.drawn.review": (405, "人", "一(三)1"),
    "declarations.comparison_ratio": ((2, 100), "%", "一(三)1"),
    "declarations.drawn.comparison": (74, "人", "一(三)1"),
    "activities.outreach.conflict_of_interest.sessions": (12, "場次", "一(三)2"),
    "activities.outreach.conflict_of_interest.attendances": (1181, "人次", "一(三)2"),
    "activities.outreach.confidentiality": (947, "案", "二(一)1"),
    "activities.inspections.information": (354, "案", "二(一)2"),
    "activities.meetings.security": (21, "場次", "二(二)1"),
    "activities.inspections.security": (283, "案", "二(二)2"),
    "activities.outreach.security": (777, "次", "二(二)2"),
    "activities.protest_alerts": (68, "案", "二(二)3"),
    "complaints.received": (571, "案", "三(一)"),
    "complaints.received.named": (402, "案", "三(一)"),
    "complaints.received.anonymous": (169, "件", "三(一)"),
    "complaints.outcome.administrative": (11, "案", "三(一)"),
    "complaints.outcome.cleared": (200, "案", "三(一)"),
    "complaints.outcome.referred": (335, "案", "三(一)"),
    "complaints.outcome.open": (25, "案", "三(一)"),
    "complaints.prosecutor_referrals": (8, "案", "三(二)"),
    "complaints.indicted.cases": (3, "案", "三(三)"),
    "complaints.indicted.persons": (4, "人", "三(三)"),
    "complaints.disciplined.cases": (18, "案", "三(三)"),
    "complaints.disciplined.persons": (25, "人", "三(三)"),
}


def runs_for(key: str, period: Period, scope):
    """The import runs standing for ``key`` in ``period`` within ``scope`` (by the importing user's unit)."""
    runs = ImportRun.objects.filter(
        record_type=key,
        created_at__gte=period.start,
        created_at__lt=period.end,
    ).select_related("actor")
    return scope.filter(runs, field="actor__unit")


def _register(key: str, unit: str, section: str, is_share: bool) -> None:
    if is_share:

        def compute(period, scope) -> IndicatorResult:
            runs = runs_for(key, period, scope)
            total = sum_of(runs, "rows").value
            part = sum_of(runs, "created").value
            return percentage(part, total, runs)
    else:

        def compute(period, scope) -> IndicatorResult:
            return sum_of(runs_for(key, period, scope), "rows")

    # Sensitive as the domain apps register them (reports.disclosure hides their small counts).
    indicator(key, label=f"測試指標 {key}", unit=unit, section=section, sensitive=key in SENSITIVE)(compute)


SENSITIVE = {ind.key for ind in registry.all_indicators() if ind.sensitive}


@pytest.fixture
def seed_indicators(monkeypatch):
    """The report's indicator keys, registered over ImportRun rows, for the duration of one test."""
    monkeypatch.setattr(registry, "_registry", {})
    for key, (value, unit, section) in SEED.items():
        _register(key, unit, section, isinstance(value, tuple))
    return SEED


def add_figure(key: str, value, *, actor, period: Period, day: int = 15) -> ImportRun:
    """One import run holding ``value`` for ``key`` in ``period`` (a tuple means part/total)."""
    part, total = value if isinstance(value, tuple) else (0, value)
    run = ImportRun.objects.create(
        record_type=key,
        file_name=f"{key}.xlsx",
        file_sha256="0" * 64,
        actor=actor,
        status="succeeded",
        rows=total,
        created=part,
    )
    moment = dt.datetime.combine(period.first_day.replace(day=day), dt.time(10), tzinfo=TAIPEI)
    ImportRun.objects.filter(pk=run.pk).update(created_at=moment)
    return run


@pytest.fixture
def seed_records(cast, seed_indicators):
    """110H2 rows giving exactly the seed's figures, recorded by the central administrator."""
    period = Period(110, 2)
    for key, (value, _unit, _section) in SEED.items():
        add_figure(key, value, actor=cast.admin, period=period)
    return period

"""The demo data: 110H2 gives the seed report's figures, other half-years differ, loading twice changes nothing."""

from django.core.management import call_command

from probity.audit.models import AuditEvent
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org.scope import Scope
from probity.prevention.queries import education_highlights

SEED_110H2 = {
    "prevention.special_audits": 13,
    "prevention.preventive_actions": 18,
    "prevention.repreventions": 4,
    "prevention.platforms": 1,
    "prevention.role_models.agencies": 22,
    "prevention.role_models.nominees": 43,
    "prevention.role_models.selected": 15,
}
OTHER_PERIODS = [Period(109, 1), Period(109, 2), Period(110, 1), Period(111, 1)]


def _check_seed_figures():
    for key, expected in SEED_110H2.items():
        indicator = get_indicator(key)
        assert indicator.evaluate(Period(110, 2), Scope.city()).value == expected, key
        for period in OTHER_PERIODS:
            assert indicator.evaluate(period, Scope.city()).value != expected, (key, period)


def _check_channels():
    values = {
        channel: get_indicator(f"prevention.preventive_actions.{channel}").evaluate(Period(110, 2), Scope.city()).value
        for channel in ("document_review", "procurement", "public_feedback", "audit", "complaint")
    }
    assert values["audit"] == values["complaint"] == 0
    assert sum(values.values()) == 18


def _check_platform():
    platform = get_indicator("prevention.platforms").evaluate(Period(110, 2), Scope.city()).records.get()
    assert platform.name == "「多功能經貿園區特貿三都市更新事業實施者案」廉政平臺"
    assert platform.agency.key == "urban-dev"
    assert platform.meetings.count() >= 2
    assert platform.is_public


def _check_highlights():
    highlights = list(education_highlights(Period(110, 2), Scope.city()))
    text = " ".join(h.title + h.narrative for h in highlights)
    for phrase in (
        "當我們廉在一起2─百年傳誠‧誠載多元",
        "《我是雄赳赳》",
        "Amma say",
        "誠信助攻偏鄉圓夢計畫",
        "小市長選舉",
    ):
        assert phrase in text, phrase
    assert [h.section for h in highlights] == sorted(h.section for h in highlights)
    assert all(h.held_on.year == 2021 and h.held_on.month >= 7 for h in highlights)


def test_demo_gives_the_seed_figures_and_loads_twice_without_changes(db):
    """One test, because loading the demo takes seconds: figures, channels, platform, highlights, idempotence."""
    call_command("load_demo", "--only", "org", "prevention", "conflicts", verbosity=0)
    _check_seed_figures()
    _check_channels()
    _check_platform()
    _check_highlights()
    before = AuditEvent.objects.count()
    call_command("load_demo", "--only", "org", "prevention", "conflicts", verbosity=0)
    assert AuditEvent.objects.count() == before

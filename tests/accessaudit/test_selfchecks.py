"""The access-log audit's set-up check: someone to triage each monitored system, and the sources its rules need."""

from probity.core import selfchecks


def _findings() -> list[tuple[str, str, str]]:
    outcome = next(o for o in selfchecks.run_selfchecks() if o.check.key == "accessaudit.systems")
    return [(finding.level, finding.message, finding.url) for finding in outcome.findings]


def test_a_system_without_auditor_or_sources_is_a_warning(system):
    url = system.get_absolute_url()
    assert _findings() == [
        ("warning", "系統「戶役政資訊系統」沒有指定的查閱稽核人員：只有政風處管理者能審查其警示。", url),
        (
            "warning",
            "系統「戶役政資訊系統」尚未匯入系統使用者與人員對照、案件指派與查詢登記，規則無法判斷查閱是否有據。",
            url,
        ),
    ]


def test_a_designated_auditor_and_loaded_sources_pass(designated, loaded):
    assert _findings() == []


def test_a_designation_of_another_branch_does_not_count(cast, loaded):
    from probity.accessaudit import domain

    domain.designate_auditor(user=cast.outsider, unit=cast.unit_b, actor=cast.admin)
    assert [message for _level, message, _url in _findings()] == [
        "系統「戶役政資訊系統」沒有指定的查閱稽核人員：只有政風處管理者能審查其警示。"
    ]

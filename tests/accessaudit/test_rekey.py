"""After a DuckDB upgrade: the set-up check names the files another hash keyed, and the command rewrites them."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from probity.accessaudit import domain, storage
from probity.accessaudit.models import Alert
from probity.audit.models import AuditEvent
from probity.core import selfchecks
from tests.commands import description_in_both_languages
from tests.stale_keys import as_if_another_hash_wrote


def _findings() -> list[tuple[str, str, str]]:
    outcome = next(o for o in selfchecks.run_selfchecks() if o.check.key == "accessaudit.keys")
    return [(finding.level, finding.message, finding.url) for finding in outcome.findings]


def _store_files(system) -> list[str]:
    return sorted(p.name for p in (storage.root() / "lookups" / f"system={system.key}").glob("month=*/bucket=*/*"))


@pytest.fixture
def stale(loaded):
    as_if_another_hash_wrote(storage.root() / "lookups" / "system=hr")
    return loaded


def _alert_texts(system) -> list[tuple]:
    fields = ("rule", "kind", "lookup_id", "account", "subject_id", "day", "reason")
    return sorted(Alert.objects.filter(system=system).values_list(*fields), key=str)


def _command(*args) -> str:
    out = io.StringIO()
    call_command("rekey_access_store", *args, stdout=out)
    return out.getvalue()


def test_a_store_keyed_by_this_duckdb_passes_the_check(loaded):
    assert _findings() == []
    assert _command() == "hr：索引鍵皆為本機 DuckDB 所寫，不需重建\n"


def _files_per_month(system) -> dict[str, int]:
    counts = {}
    for file in (storage.root() / "lookups" / f"system={system.key}").glob("month=*/bucket=*/*.parquet"):
        month = file.parent.parent.name.removeprefix("month=")
        counts[month] = counts.get(month, 0) + 1
    return counts


def test_the_check_names_the_stale_files_and_the_command_to_run(stale):
    files = sum(_files_per_month(stale.system).values())
    assert files > 6
    assert _findings() == [
        (
            "warning",
            f"系統「戶役政資訊系統」有 {files} 個查閱紀錄檔（2021-07、2021-08、2021-09、2021-10、2021-11、2021-12）"
            "的索引鍵由另一版 DuckDB 寫入：規則改以字串比對，較慢，使用者查閱歷程也須讀取這些月份的全部檔案。"
            "請執行 manage.py rekey_access_store。",
            stale.system.get_absolute_url(),
        )
    ]


def test_check_only_lists_the_months(stale):
    before = _store_files(stale.system)
    said = _command("--check", "--system", "hr")
    per_month = _files_per_month(stale.system)
    assert sorted(per_month) == [f"2021-{m:02d}" for m in range(7, 13)]
    assert said.splitlines() == [f"hr {month}：{count} 個檔案需要重建" for month, count in sorted(per_month.items())]
    assert _store_files(stale.system) == before


def test_the_command_rewrites_the_store_and_the_audit_finds_the_same_alerts(stale):
    alerts = stale.run.alert_count
    lookups = stale.run.lookups
    before = _alert_texts(stale.system)
    said = _command()
    months = {line.split("：")[0]: line.split("：")[1] for line in said.splitlines()}
    assert sorted(months) == [f"hr 2021-{m:02d}" for m in range(7, 13)]
    rows = [
        int(text.removeprefix("已重建 ").removesuffix(" 筆查閱的索引鍵").replace(",", "")) for text in months.values()
    ]
    assert sum(rows) == lookups
    assert _findings() == []
    event = AuditEvent.objects.get(verb="accessaudit.logdata.rekey")
    assert event.data == {"months": [f"2021-{m:02d}" for m in range(7, 13)], "rows": lookups}
    rerun = domain.perform_audit_run(
        domain.start_audit_run(
            system=stale.system, date_from=stale.run.date_from, date_to=stale.run.date_to, actor=None
        ),
        actor=None,
    )
    assert (rerun.lookups, rerun.alert_count) == (lookups, alerts)
    assert len(before) == alerts
    assert _alert_texts(stale.system) == before


def test_an_unknown_system_is_refused(db):
    with pytest.raises(CommandError, match="沒有代碼為「nope」的受監控系統"):
        _command("--system", "nope")


def test_the_command_explains_itself_and_speaks_in_both_languages(loaded):
    chinese, english = description_in_both_languages("rekey_access_store")
    assert chinese.startswith("以本機 DuckDB 的雜湊重建查閱紀錄的索引鍵與分桶")
    assert english.startswith("Rebuild the lookups' keys and buckets with this machine's DuckDB hash")
    with translation.override("en"):
        assert _command("--check") == "hr: every key was written by this machine's DuckDB; nothing to rebuild\n"

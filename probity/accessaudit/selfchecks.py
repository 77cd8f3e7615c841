"""Set-up checks of the access-log audit: every monitored system has someone to triage it and the sources its
rules need."""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from probity.accessaudit import queries, storage
from probity.accessaudit.enums import JobStatus, SourceKind
from probity.accessaudit.models import AccessAuditor, ImportedMonth, MonitoredSystem, SourceFile, roc_year_spans
from probity.analytics import ingest as log_ingest
from probity.analytics.rules import merged_rules
from probity.core.selfchecks import WARNING, Finding, selfcheck
from probity.org.enums import Role

# Without these the unexplained and relationship rules flag every lookup, or none.
REQUIRED_SOURCES = (SourceKind.USERS, SourceKind.EXPLANATIONS)


@selfcheck("accessaudit.systems", label=gettext_lazy("受監控系統都有稽核人員與必要資料"))
def systems_ready() -> list[Finding]:
    auditor_units = set(
        AccessAuditor.objects.filter(
            is_active=True, user__is_active=True, user__role=Role.UNIT_OFFICER, user__unit__isnull=False
        ).values_list("user__unit_id", flat=True)
    )
    loaded = set(SourceFile.objects.values_list("system_id", "kind").distinct())
    findings = []
    for system in MonitoredSystem.objects.filter(is_active=True).select_related("unit").order_by("key"):
        url = system.get_absolute_url()
        if auditor_units.isdisjoint(system.unit.lineage_ids):
            message = _("系統「%(system)s」沒有指定的查閱稽核人員：只有政風處管理者能審查其警示。")
            findings.append(Finding(WARNING, message % {"system": system.name}, url))
        missing = [str(kind.label) for kind in REQUIRED_SOURCES if (system.pk, kind.value) not in loaded]
        if missing:
            message = _("系統「%(system)s」尚未匯入%(sources)s，規則無法判斷查閱是否有據。")
            findings.append(
                Finding(
                    WARNING,
                    message % {"system": system.name, "sources": pgettext("list separator", "、").join(missing)},
                    url,
                )
            )
    return findings


@selfcheck("accessaudit.keys", label=gettext_lazy("查閱紀錄的索引鍵皆由本機 DuckDB 寫入"))
def store_keys_current() -> list[Finding]:
    """After a DuckDB upgrade the stored keys may come from another hash: correct, but slow until rewritten."""
    findings = []
    for system in MonitoredSystem.objects.order_by("key"):
        stale = log_ingest.stale_months(storage.root(), system.key)
        if stale:
            message = _(
                "系統「%(system)s」有 %(files)d 個查閱紀錄檔（%(months)s）的索引鍵由另一版 DuckDB 寫入："
                "規則改以字串比對，較慢，使用者查閱歷程也須讀取這些月份的全部檔案。"
                "請執行 manage.py rekey_access_store。"
            )
            months = pgettext("list separator", "、").join(sorted(stale))
            data = {"system": system.name, "files": sum(stale.values()), "months": months}
            findings.append(Finding(WARNING, message % data, system.get_absolute_url()))
    return findings


@selfcheck("accessaudit.calendar", label=gettext_lazy("假日表涵蓋已匯入查閱紀錄的年份"))
def calendar_covers_imports() -> list[Finding]:
    """A year the holiday table does not list passes its holidays for workdays: the off-hours rule misses them."""
    imported = defaultdict(set)
    months = ImportedMonth.objects.filter(log_import__status=JobStatus.SUCCEEDED)
    for system_id, month in months.values_list("log_import__system_id", "month").distinct().order_by():
        imported[system_id].add(int(month[:4]))
    findings = []
    for system in MonitoredSystem.objects.filter(is_active=True, pk__in=imported).order_by("key"):
        if not merged_rules(system.rule_settings)["offhours"]["enabled"]:
            continue
        missing = sorted(imported[system.pk] - queries.holiday_years(system))
        if missing:
            message = _(
                "系統「%(system)s」已匯入民國 %(years)s 年的查閱紀錄，假日表卻未涵蓋這些年："
                "國定假日會被當成上班日，補行上班日會被當成週末。請匯入此系統的假日表。"
            )
            data = {"system": system.name, "years": roc_year_spans(missing)}
            findings.append(Finding(WARNING, message % data, system.get_absolute_url()))
    return findings

"""Set-up checks of the access-log audit: every monitored system has someone to triage it and the sources its
rules need."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from probity.accessaudit.enums import SourceKind
from probity.accessaudit.models import AccessAuditor, MonitoredSystem, SourceFile
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

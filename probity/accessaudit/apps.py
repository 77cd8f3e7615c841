from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessauditConfig(AppConfig):
    name = "probity.accessaudit"
    label = "accessaudit"
    verbose_name = _("資訊系統查閱稽核")

    def ready(self) -> None:
        from probity.accessaudit import demo, events, selfchecks, worklists  # noqa: F401  (they register)
        from probity.core.navigation import register

        section = _("資訊系統查閱稽核")
        register(_("警示佇列"), "accessaudit:alert_list", permission="accessaudit.use", section=section, order=80)
        register(_("受監控系統"), "accessaudit:system_list", permission="accessaudit.use", section=section, order=81)
        register(_("確認結果"), "accessaudit:finding_list", permission="accessaudit.use", section=section, order=82)
        register(
            _("指定稽核人員"), "accessaudit:auditor_list", permission="accessaudit.manage", section=section, order=83
        )

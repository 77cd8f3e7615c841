from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "probity.activities"
    label = "activities"
    verbose_name = _("工作紀錄")

    def ready(self):
        from probity.activities import demo, events, imports, indicators, printouts, search, worklists  # noqa: F401  (they register)
        from probity.core import navigation

        section = _("工作紀錄")
        permission = "activities.view_activities"
        navigation.register(_("會報"), "activities:meeting_list", permission=permission, section=section, order=100)
        navigation.register(
            _("宣導及說明會"), "activities:outreach_list", permission=permission, section=section, order=110
        )
        navigation.register(_("檢查"), "activities:inspection_list", permission=permission, section=section, order=120)
        navigation.register(_("陳抗情資"), "activities:alert_list", permission=permission, section=section, order=130)

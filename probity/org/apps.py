from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgConfig(AppConfig):
    name = "probity.org"
    label = "org"
    verbose_name = _("組織")

    def ready(self):
        from probity.core import navigation
        from probity.org import demo, events, imports, selfchecks  # noqa: F401  (they register)

        section = _("組織與系統")
        navigation.register(
            pgettext_lazy("list", "機關"), "org:agency_list", permission="org.view_org", section=section, order=900
        )
        navigation.register(
            pgettext_lazy("list", "政風機構"), "org:unit_list", permission="org.view_org", section=section, order=910
        )
        navigation.register(_("使用者"), "org:staff_list", permission="org.manage_staff", section=section, order=920)
        navigation.register(
            _("資料匯入"), "core:import_index", permission="core.import_records", section=section, order=930
        )
        navigation.register(
            _("系統自我檢查"), "core:selfchecks", permission="org.manage_org", section=section, order=940
        )

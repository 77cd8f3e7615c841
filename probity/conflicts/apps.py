from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConflictsConfig(AppConfig):
    name = "probity.conflicts"
    label = "conflicts"
    verbose_name = _("利益衝突迴避")

    def ready(self):
        from probity.conflicts import demo, events, imports, indicators, search, worklists  # noqa: F401  (registries)
        from probity.core import navigation

        section = _("利益衝突迴避")
        view = "conflicts.view_records"
        navigation.register(_("迴避案件"), "conflicts:recusal_list", permission=view, section=section, order=300)
        navigation.register(_("迴避年度彙報"), "conflicts:rollup_index", permission=view, section=section, order=301)
        navigation.register(_("身分關係揭露"), "conflicts:disclosure_list", permission=view, section=section, order=302)

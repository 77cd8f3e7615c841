from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeclarationsConfig(AppConfig):
    name = "probity.declarations"
    label = "declarations"
    verbose_name = _("財產申報")

    def ready(self):
        from probity.core import navigation
        from probity.declarations import demo, events, imports, indicators, printouts, search, worklists  # noqa: F401  (registries)

        section = _("財產申報")
        entries = [
            (_("申報義務人"), "declarations:declarant_list", 300),
            (_("應申報與逾期名單"), "declarations:due_list", 305),
            (pgettext_lazy("list", "財產申報"), "declarations:declaration_list", 310),
            (_("公開抽籤"), "declarations:draw_list", 320),
            (_("實質審查"), "declarations:review_list", 330),
            (_("前後年度比對"), "declarations:comparison_list", 340),
            (_("抽籤規則"), "declarations:policy_list", 350),
        ]
        for label, url_name, order in entries:
            navigation.register(label, url_name, permission="declarations.view", section=section, order=order)

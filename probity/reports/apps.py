from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "probity.reports"
    label = "reports"
    verbose_name = _("工作報告")

    def ready(self) -> None:
        from probity.core import navigation
        from probity.reports import checks, demo, events  # noqa: F401  (they register on import)

        section = _("工作報告")
        navigation.register(
            _("統計指標"), "reports:indicators", permission="reports.view_reports", section=section, order=800
        )
        navigation.register(
            _("工作重點"), "reports:highlight_list", permission="reports.view_reports", section=section, order=810
        )
        navigation.register(
            _("工作報告"), "reports:report_list", permission="reports.view_reports", section=section, order=820
        )
        navigation.register(
            _("報告範本"), "reports:template_list", permission="reports.manage_templates", section=section, order=830
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintsConfig(AppConfig):
    name = "probity.complaints"
    label = "complaints"
    verbose_name = _("檢舉")

    def ready(self) -> None:
        from probity.complaints import demo, events, imports, indicators, printouts, search, worklists  # noqa: F401  (they register)
        from probity.core.navigation import register

        section = _("檢舉")
        register(
            pgettext_lazy("list", "檢舉案件"),
            "complaints:list",
            permission="complaints.view_complaint",
            section=section,
            order=300,
        )
        register(_("登錄檢舉"), "complaints:create", permission="complaints.add_complaint", section=section, order=301)
        register(_("期限管制"), "complaints:due", permission="complaints.view_complaint", section=section, order=302)
        register(
            _("函送司法機關參偵"),
            "complaints:referral_list",
            permission="complaints.view_referral",
            section=section,
            order=303,
        )
        register(
            pgettext_lazy("list", "議處"),
            "complaints:discipline_list",
            permission="complaints.view_complaint",
            section=section,
            order=304,
        )
        register(
            _("檢舉人保護"),
            "complaints:protection_list",
            permission="complaints.view_complaint",
            section=section,
            order=305,
        )
        register(
            _("檢舉筆錄"),
            "complaints:statement_list",
            permission="complaints.view_complaint",
            section=section,
            order=306,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "probity.prevention"
    label = "prevention"
    verbose_name = _("預防")

    def ready(self):
        from probity.core import navigation
        from probity.prevention import demo, events, imports, indicators, printouts, search, worklists  # noqa: F401  (registries)

        section = _("預防")
        view = "prevention.view_records"
        for order, (label, url_name) in enumerate(
            [
                (_("專案稽核"), "prevention:audit_list"),
                (_("預警及導正作為"), "prevention:action_list"),
                (_("再防貪報告"), "prevention:reprevention_list"),
                (_("廉政平臺"), "prevention:platform_list"),
                (_("廉潔教育成果"), "prevention:highlight_list"),
                (_("廉潔楷模選拔"), "prevention:selection_list"),
                (_("廉政風險"), "prevention:risk_list"),
            ],
            start=200,
        ):
            navigation.register(label, url_name, permission=view, section=section, order=order)

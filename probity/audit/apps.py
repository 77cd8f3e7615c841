from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "probity.audit"
    label = "audit"
    verbose_name = _("稽核軌跡")

    def ready(self):
        from probity.audit import demo, events, selfchecks  # noqa: F401  (they register)
        from probity.core import navigation

        navigation.register(
            _("稽核軌跡"), "audit:event_list", permission="audit.view_events", section=_("組織與系統"), order=940
        )

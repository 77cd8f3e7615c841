from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConflictsConfig(AppConfig):
    name = "probity.conflicts"
    label = "conflicts"
    verbose_name = _("利益衝突迴避")

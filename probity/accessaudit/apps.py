from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessauditConfig(AppConfig):
    name = "probity.accessaudit"
    label = "accessaudit"
    verbose_name = _("資訊系統查閱稽核")

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    CITY = "city", _("市政府")
    BUREAU = "bureau", _("局")
    OFFICE = "office", _("處")
    COMMISSION = "commission", _("委員會")
    DISTRICT = "district", _("區公所")
    SUBORDINATE = "subordinate", _("所屬機關")


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("政風處")
    OFFICE = "office", _("政風室")
    OFFICER = "officer", _("政風員")
    PART_TIME = "part_time", _("兼辦政風業務")


class Role(models.TextChoices):
    CENTRAL_ADMIN = "central_admin", _("政風處管理者")
    UNIT_OFFICER = "unit_officer", _("政風人員")
    AUDITOR = "auditor", _("稽核（唯讀）")

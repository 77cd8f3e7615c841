from django.db import models
from django.utils.translation import gettext_lazy as _


class HighlightSection(models.TextChoices):
    """The report parts a narrative highlight may belong to; the value is the template's key."""

    S1_1 = "s1_1", _("一（一）落實風險管理機制，健全機關作業制度")
    S1_2 = "s1_2", _("一（二）扎根品格教育，推展誠信治理")
    S1_3 = "s1_3", _("一（三）持續宣導陽光法令，協助申報迴避")
    S2_1 = "s2_1", _("二（一）公務機密維護")
    S2_2 = "s2_2", _("二（二）機關安全維護")
    S3 = "s3", _("三、檢肅貪瀆，澄清吏治")


class ReportFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    ODT = "odt", "ODT"
    DOCX = "docx", "DOCX"
    MD = "md", "Markdown"

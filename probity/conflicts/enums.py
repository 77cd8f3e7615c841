"""Choices of the conflicts app (a leaf: imports nothing of the app)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# 公職人員利益衝突迴避法施行細則 Art 27: publish within 30 days after the deal or subsidy is concluded.
PUBLICATION_DAYS = 30
# Art 11: the yearly recusal roll-up is due within 30 days after the year ends.
ROLLUP_DAYS = 30
# Art 14(1)(6) as announced by the Executive Yuan (107-12-10): both limits must hold.
SMALL_DEAL_LIMIT = Decimal(10_000)
SMALL_YEAR_LIMIT = Decimal(100_000)


class RecusalKind(models.TextChoices):
    SELF = "self", _("自行迴避")
    APPLICATION = "application", _("申請迴避")
    EX_OFFICIO = "ex_officio", _("職權迴避")


class RecusalDecision(models.TextChoices):
    PENDING = "pending", _("待決定")
    RECUSED = "recused", _("迴避")
    NOT_RECUSED = "not_recused", _("免予迴避或駁回申請")


class DisclosureMode(models.TextChoices):
    PRIOR = "prior", _("事前揭露")
    POST = "post", _("事後公開")


class DealCategory(models.TextChoices):
    SUBSIDY = "subsidy", _("補助")
    TRANSACTION = "transaction", _("交易")


class TransactionType(models.TextChoices):
    NONE = "", _("（補助）")
    PURCHASE = "purchase", _("買賣")
    LEASE = "lease", _("租賃")
    CONTRACT = "contract", _("承攬")


class Exception_(models.TextChoices):  # noqa: N801  (Exception is a builtin)
    """Which exception of Art 14(1) allows the deal."""

    PUBLIC_NOTICE = "1", _("第1款：依政府採購法以公告程序或第105條辦理之採購")
    COMPETITIVE = "2", _("第2款：依法令規定經由公平競爭方式，以公告程序辦理之採購、標售、標租或招標設定用益物權")
    SUBSIDY = (
        "3",
        _(
            "第3款：基於法定身分依法令規定申請之補助；或依法令規定以公開公平方式辦理之補助，或禁止其補助反不利於公共利益且經補助法令主管機關核定同意之補助"
        ),
    )
    SMALL_AMOUNT = "6", _("第6款：一定金額以下之小額交易或補助")


DISCLOSED_EXCEPTIONS = (Exception_.PUBLIC_NOTICE, Exception_.COMPETITIVE, Exception_.SUBSIDY)


class Relationship(models.TextChoices):
    """關係人 of Art 3."""

    SPOUSE = "spouse", _("配偶或共同生活之家屬")
    RELATIVE = "relative", _("二親等以內親屬")
    TRUSTEE = "trustee", _("信託財產之受託人")
    ORGANISATION = "organisation", _("擔任負責人、董事、監察人或經理人之營利事業、非營利法人或非法人團體")
    AIDE = "aide", _("經公職人員進用之機要人員")
    ASSISTANT = "assistant", _("民意代表之助理")

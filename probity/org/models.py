import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from probity.core.models import BaseModel
from probity.org.enums import AgencyKind, Role, UnitKind


class TreeNode(BaseModel):
    """A node of a tree kept as a materialised path (``/00000001/00000007/``) so a subtree is one prefix query."""

    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True

    def is_within(self, other: "TreeNode") -> bool:
        return self.path.startswith(other.path)

    @property
    def lineage_ids(self) -> list[int]:
        """The ids of the node's ancestors and of the node itself, root first, read from the path."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Agency(TreeNode):
    """機關: the city government, its first-level agencies and their subordinate agencies."""

    key = models.SlugField(_("機關代號"), max_length=60, unique=True)
    name = models.CharField(_("機關全銜"), max_length=120)
    short_name = models.CharField(_("簡稱"), max_length=60)
    name_en = models.CharField(_("英文名稱"), max_length=160, blank=True)
    kind = models.CharField(_("類型"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上級機關"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("現存"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("機關")
        verbose_name_plural = pgettext_lazy("list", "機關")

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("org:agency_detail", args=[self.code])


class EthicsUnit(TreeNode):
    """政風機構: the 政風處 at the root, 政風室 below it, then 政風員 or 兼辦 staff."""

    name = models.CharField(_("名稱"), max_length=120)
    kind = models.CharField(_("類型"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上級政風機構"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    agencies = models.ManyToManyField(Agency, verbose_name=_("服務機關"), related_name="ethics_units", blank=True)
    is_active = models.BooleanField(_("現存"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("政風機構")
        verbose_name_plural = pgettext_lazy("list", "政風機構")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit_detail", args=[self.code])


class User(AbstractUser):
    """A staff member: an ethics officer, a central administrator or an auditor."""

    code = models.UUIDField(_("代碼"), default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    title = models.CharField(_("職稱"), max_length=60, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.UNIT_OFFICER)
    unit = models.ForeignKey(
        EthicsUnit,
        verbose_name=_("所屬政風機構"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    # The half-year the dashboard opens on when one was chosen (110H2); empty: the current one.
    dashboard_period = models.CharField(_("儀表板期間"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("使用者")
        verbose_name_plural = _("使用者")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("org:staff_edit", args=[self.code])

    @property
    def sees_all(self) -> bool:
        """Central administrators and auditors see the whole city; officers see their subtree."""
        return self.is_authenticated and self.is_active and self.role in (Role.CENTRAL_ADMIN, Role.AUDITOR)

    @property
    def is_central_admin(self) -> bool:
        return self.is_active and self.role == Role.CENTRAL_ADMIN

    @property
    def is_auditor(self) -> bool:
        return self.is_active and self.role == Role.AUDITOR

    @property
    def is_unit_officer(self) -> bool:
        return self.is_active and self.role == Role.UNIT_OFFICER and self.unit_id is not None

    @property
    def can_write(self) -> bool:
        return self.is_central_admin or self.is_unit_officer

    @property
    def requires_second_factor(self) -> bool:
        return self.role == Role.CENTRAL_ADMIN

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from probity.complaints import uploads, vault
from probity.complaints.enums import (
    Action,
    Category,
    Channel,
    DisciplineKind,
    OffenceType,
    ProsecutionResult,
    ProtectionResult,
    RetaliationRisk,
    RiskFactor,
    StatementConfirmation,
    Status,
)
from probity.core import roc
from probity.core.forms import ROCDateField, SearchForm
from probity.org.models import Agency, User
from probity.org.queries import agencies_visible_to, agencies_writable_by, units_writable_by


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _help_text() -> str:
    return gettext("可上傳 PDF、圖片、Word、Excel、ODF 或純文字檔，每檔 %(mb)s MB 以內，最多 %(n)s 個。") % {
        "mb": uploads.max_bytes() // (1024 * 1024),
        "n": uploads.max_files(),
    }


# Evaluated when shown, in the visitor's language and with the limits then in force.
_attachments_help = lazy(_help_text, str)


class AttachmentsField(forms.FileField):
    """Several files in one input; each is judged by its content (uploads.check_upload)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("附件"))
        kwargs.setdefault("help_text", _attachments_help())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > uploads.max_files():
            raise ValidationError(_("附件最多 %(n)s 個。") % {"n": uploads.max_files()})
        checked = []
        for upload in files:
            super().clean(upload, initial)
            checked.append(uploads.check_upload(upload))
        if self.required and not checked:
            raise ValidationError(self.error_messages["required"])
        return checked


class IdentityFieldsMixin(forms.Form):
    identity_name = forms.CharField(label=_("檢舉人姓名"), max_length=60, required=False)
    identity_id_number = forms.CharField(label=_("身分證統一編號"), max_length=20, required=False)
    identity_phone = forms.CharField(label=_("聯絡電話"), max_length=40, required=False)
    identity_address = forms.CharField(label=_("聯絡地址"), max_length=200, required=False)
    identity_email = forms.EmailField(label=_("電子郵件"), max_length=120, required=False)

    def identity(self) -> vault.Identity:
        data = self.cleaned_data
        return vault.Identity(
            name=data.get("identity_name", ""),
            id_number=data.get("identity_id_number", ""),
            phone=data.get("identity_phone", ""),
            address=data.get("identity_address", ""),
            email=data.get("identity_email", ""),
        )


class ComplaintFilterForm(SearchForm):
    agency = forms.ModelChoiceField(
        label=_("被檢舉機關"), queryset=Agency.objects.none(), required=False, empty_label=_("全部")
    )
    category = forms.ChoiceField(label=_("檢舉類別"), choices=[("", _("全部"))] + Category.choices, required=False)
    status = forms.ChoiceField(label=_("狀態"), choices=[("", _("全部"))] + Status.choices, required=False)
    subject = forms.CharField(label=_("被檢舉人"), max_length=60, required=False)
    received_from = ROCDateField(label=_("收件日期起"), required=False)
    received_to = ROCDateField(label=_("收件日期迄"), required=False)
    anonymous = forms.ChoiceField(
        label=_("具名／匿名"), choices=[("", _("全部")), ("no", _("具名")), ("yes", _("匿名"))], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_visible_to(user)


class ComplaintForm(IdentityFieldsMixin):
    agency = forms.ModelChoiceField(label=_("被檢舉機關"), queryset=Agency.objects.none())
    unit = forms.ModelChoiceField(
        label=_("承辦政風機構"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("空白時由服務被檢舉機關的政風機構承辦。"),
    )
    channel = forms.ChoiceField(label=_("來源管道"), choices=Channel.choices)
    received_on = ROCDateField(label=_("收件日期"))
    is_anonymous = forms.BooleanField(label=_("匿名檢舉"), required=False)
    categories = forms.MultipleChoiceField(
        label=_("檢舉類別"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label=_("案由"), max_length=200)
    narrative = forms.CharField(label=_("檢舉內容"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    attachments = AttachmentsField()

    field_order = ["agency", "unit", "channel", "received_on", "is_anonymous", "categories", "summary", "narrative"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_writable_by(user)
        self.fields["unit"].queryset = units_writable_by(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_anonymous") and any(
            cleaned.get(name) for name in ("identity_name", "identity_id_number", "identity_phone", "identity_address")
        ):
            raise ValidationError(_("匿名檢舉不應填寫檢舉人身分；若檢舉人願具名，請取消「匿名檢舉」。"))
        return cleaned


class SubjectForm(forms.Form):
    name = forms.CharField(label=_("被檢舉人姓名"), max_length=60, required=False)
    title = forms.CharField(label=_("職稱"), max_length=60, required=False)
    officer = forms.ModelChoiceField(
        label=_("為本系統使用者"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("被檢舉人若為政風人員，選擇其帳號，該帳號將看不到本案。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(is_active=True).order_by("username")


SubjectFormSet = forms.formset_factory(SubjectForm, extra=3, max_num=10)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=Action.choices, widget=forms.HiddenInput)
    on = ROCDateField(label=_("日期"), required=False)
    reason = forms.CharField(label=_("理由"), max_length=500, required=False)
    outcome_summary = forms.CharField(
        label=_("處理結果說明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    referred_to = forms.CharField(label=_("移請機關"), max_length=120, required=False)
    referral_doc_no = forms.CharField(label=_("移請文號"), max_length=60, required=False)
    referred_on = ROCDateField(label=_("移請日期"), required=False)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("承辦人"), queryset=User.objects.none())

    def __init__(self, *args, handlers, flagged=frozenset(), **kwargs):
        """``flagged``: the users the case's recusal prompt names, marked in the list before anyone picks them."""
        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        field.queryset = handlers
        field.label_from_instance = lambda user: (
            gettext("%(user)s（可能須迴避）") % {"user": user} if user.pk in flagged else str(user)
        )


class PageFormMixin:
    """Several forms share the case page: each gets its own element ids (names stay plain)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ExcludeForm(PageFormMixin, forms.Form):
    id_prefix = "exclude"
    user = forms.ModelChoiceField(label=_("迴避人員"), queryset=User.objects.none())
    reason = forms.CharField(label=_("迴避原因"), max_length=200)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class RevealForm(PageFormMixin, forms.Form):
    id_prefix = "reveal"
    reason = forms.CharField(label=_("檢視理由"), max_length=300)


class IdentityForm(IdentityFieldsMixin):
    pass


class StatementForm(PageFormMixin, forms.Form):
    id_prefix = "statement"
    taken_on = ROCDateField(label=_("製作日期"))
    place = forms.CharField(label=_("製作地點"), max_length=100)
    text = forms.CharField(
        label=_("筆錄內容"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_("依檢舉人所述記載；完成後交檢舉人閱覽或向其朗讀，確認無誤後由其簽名或蓋章。"),
    )


class StatementReviseForm(forms.Form):
    text = forms.CharField(label=_("筆錄內容"), widget=forms.Textarea(attrs={"rows": 14}), max_length=20000)


class StatementConfirmForm(forms.Form):
    confirmed_on = ROCDateField(label=_("確認日期"))
    confirmation = forms.ChoiceField(
        label=_("確認方式"), choices=StatementConfirmation.choices, widget=forms.RadioSelect
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("內容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    internal = forms.BooleanField(label=_("內部註記（不對檢舉人顯示）"), required=False)


class AttachForm(forms.Form):
    files = AttachmentsField(required=True)


class NoticeForm(PageFormMixin, forms.Form):
    id_prefix = "notice"
    kind = forms.ChoiceField(label=_("通知"), choices=[("ack", _("受理調查通知")), ("outcome", _("調查結果通知"))])
    on = ROCDateField(label=_("寄發日期"))

    def __init__(self, *args, complaint=None, **kwargs):
        super().__init__(*args, **kwargs)
        if complaint is None:
            return
        # A notice already sent stays choosable, to correct its date; the first one still owed is chosen.
        sent = {"ack": complaint.acknowledged_on, "outcome": complaint.outcome_notified_on}
        self.fields["kind"].choices = [
            (kind, _("%(notice)s（已寄 %(day)s，更正日期）") % {"notice": label, "day": roc.format_slash(sent[kind])})
            if sent[kind]
            else (kind, label)
            for kind, label in self.fields["kind"].choices
        ]
        self.fields["kind"].initial = next((kind for kind, day in sent.items() if not day), None)


class DisciplineForm(PageFormMixin, forms.Form):
    id_prefix = "discipline"
    person_name = forms.CharField(label=_("受議處人"), max_length=60)
    person_title = forms.CharField(label=_("職稱"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("議處種類"), choices=DisciplineKind.choices)
    authority = forms.CharField(label=_("議處機關"), max_length=120)
    decided_on = ROCDateField(label=_("議處日期"))
    doc_no = forms.CharField(label=_("文號"), max_length=60, required=False)


class ProtectionWatchForm(PageFormMixin, forms.Form):
    id_prefix = "protection"
    risk = forms.ChoiceField(label=_("遭報復風險"), choices=RetaliationRisk.choices)
    insider = forms.BooleanField(label=_("檢舉人為被檢舉機關人員（公益揭弊者）"), required=False)
    factors = forms.MultipleChoiceField(
        label=_("風險因素"), choices=RiskFactor.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    measures = forms.CharField(
        label=_("保護措施"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("例如：身分保密、調整業務或辦公處所、通知警察機關。請勿寫入檢舉人姓名。"),
    )
    on = ROCDateField(label=_("開始追蹤日期（空白為今天）"), required=False)


class ProtectionReviseForm(ProtectionWatchForm):
    id_prefix = "protection-revise"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["on"]

    @classmethod
    def of(cls, watch) -> "ProtectionReviseForm":
        initial = {"risk": watch.risk, "insider": watch.insider, "factors": watch.factors, "measures": watch.measures}
        return cls(initial=initial)


class ProtectionCheckForm(PageFormMixin, forms.Form):
    id_prefix = "protection-check"
    checked_on = ROCDateField(label=_("追蹤日期"))
    result = forms.ChoiceField(label=_("追蹤結果"), choices=ProtectionResult.choices)
    note = forms.CharField(label=_("說明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class ProtectionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("狀態"),
        required=False,
        choices=[("", _("全部")), ("due", _("追蹤到期")), ("active", _("追蹤中")), ("ended", _("已結束"))],
    )


class StatementFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("狀態"),
        required=False,
        choices=[("pending", _("待確認")), ("confirmed", _("已確認")), ("", _("全部"))],
    )


class ReferralForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("涉案機關"), queryset=Agency.objects.none())
    office = forms.CharField(label=_("受文司法機關"), max_length=120)
    referred_on = ROCDateField(label=_("函送日期"))
    doc_no = forms.CharField(label=_("函送文號"), max_length=60)
    offence_types = forms.MultipleChoiceField(
        label=_("涉犯法條"), choices=OffenceType.choices, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label=_("案由"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_writable_by(user)


class ProsecutionForm(forms.Form):
    person_name = forms.CharField(label=_("被告姓名"), max_length=60)
    person_title = forms.CharField(label=_("職稱"), max_length=60, required=False)
    result = forms.ChoiceField(label=_("結果"), choices=ProsecutionResult.choices)
    decided_on = ROCDateField(label=_("日期"))
    reference = forms.CharField(label=_("起訴書或判決字號"), max_length=80, required=False)

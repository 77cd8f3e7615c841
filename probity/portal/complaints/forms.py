from django import forms
from django.utils.translation import gettext_lazy as _

from probity.complaints.enums import Category
from probity.complaints.forms import AttachmentsField, IdentityFieldsMixin
from probity.org.models import Agency


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PortalComplaintForm(IdentityFieldsMixin):
    agency = AgencyChoiceField(
        label=_("被檢舉人服務機關"), queryset=Agency.objects.filter(is_active=True).order_by("path")
    )
    categories = forms.MultipleChoiceField(
        label=_("檢舉事項類別"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label=_("檢舉主旨"), max_length=200)
    narrative = forms.CharField(
        label=_("具體事實"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("請具體說明人、事、時、地、物，以利查處。"),
    )
    subject_name = forms.CharField(label=_("被檢舉人姓名"), max_length=60, required=False)
    subject_title = forms.CharField(label=_("被檢舉人職稱"), max_length=60, required=False)
    attachments = AttachmentsField(label=_("證據資料"))

    field_order = ["agency", "categories", "summary", "narrative", "subject_name", "subject_title", "attachments"]


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("收件碼"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "placeholder": "0000 0000 0000 0000"}
        ),
    )


class PortalMessageForm(forms.Form):
    body = forms.CharField(label=_("留言"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class PortalEvidenceForm(forms.Form):
    files = AttachmentsField(label=_("補充證據"), required=True)


class ProofForm(forms.Form):
    """A filing proof to check and, if its holder wishes, the complaint's text to check it against."""

    proof = forms.CharField(
        label=_("收件證明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 7, "spellcheck": "false", "autocomplete": "off", "class": "proof-text"}),
        help_text=_("貼上送出檢舉時取得的收件證明全文（自 probity-filing-proof/1 起至 signature 行止）。"),
    )
    summary = forms.CharField(label=_("檢舉主旨（選填）"), max_length=200, required=False)
    narrative = forms.CharField(
        label=_("具體事實（選填）"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("填入送出時的主旨與具體事實，可確認收件證明所證明的正是這份檢舉內容。"),
    )

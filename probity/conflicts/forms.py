"""Forms of the conflicts app: recusals, disclosures (form B), filters, and the public search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from probity.conflicts.enums import DealCategory, DisclosureMode, Exception_, RecusalKind
from probity.conflicts.models import Recusal, RelationshipDisclosure
from probity.core.forms import ROCDateField, SearchForm
from probity.core.viewkit import roc_dates
from probity.org.models import Agency
from probity.org.queries import agencies_visible_to, agencies_writable_by


def _blank(choices) -> list:
    return [("", _("全部"))] + list(choices)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class OwnedForm(forms.ModelForm):
    agency = AgencyChoiceField(Agency.objects.none(), label=_("機關"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_writable_by(user)


class RecusalForm(OwnedForm):
    class Meta:
        model = Recusal
        fields = [
            "agency",
            "kind",
            "official_name",
            "official_title",
            "matter",
            "reason",
            "applicant",
            "filed_on",
            "decision",
            "decided_on",
            "decision_note",
            "deputy",
        ]
        formfield_callback = roc_dates
        widgets = {"matter": forms.Textarea(attrs={"rows": 3}), "reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "applicant": _("申請迴避時填寫提出申請之利害關係人。"),
            "filed_on": _("自行迴避之通知日、申請迴避之申請日或職權迴避之命令日。"),
        }


class DisclosureForm(OwnedForm):
    """The fields of the MOJ 身分關係揭露表 (B. 事後公開, with its transaction and subsidy tables)."""

    agency = AgencyChoiceField(Agency.objects.none(), label=_("辦理補助或交易之機關"))

    class Meta:
        model = RelationshipDisclosure
        fields = [
            "agency",
            "mode",
            "category",
            "transaction_type",
            "official_name",
            "official_agency",
            "official_title",
            "related_party_name",
            "relationship",
            "relationship_detail",
            "is_organisation",
            "business_id",
            "representative",
            "roles_held",
            "deal_name",
            "concluded_on",
            "counterparty",
            "amount",
            "legal_basis",
            "exception",
            "exception_reason",
            "published_on",
            "internal_note",
        ]
        formfield_callback = roc_dates
        widgets = {
            "exception_reason": forms.Textarea(attrs={"rows": 2}),
            "internal_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "mode": _("事前揭露由申請人或投標人於申請或投標時為之；事後公開由機關於成立後30日內公開。"),
            "transaction_type": _("交易須選擇買賣、租賃或承攬；補助免填。"),
            "business_id": _("關係人為法人或團體時必填（8位數字）。"),
            "exception": _("第6款小額例外：每筆不超過1萬元，且同一年度與同一對象累計不超過10萬元。"),
            "exception_reason": _("經主管機關核定之公益補助，請敘明理由。"),
            "published_on": _("事後公開之日期；可留空，稍後於案件頁面按「公開」。"),
            "internal_note": _("僅供內部參考，不會出現在公開專區。"),
        }


class PublishForm(forms.Form):
    on = ROCDateField(label=_("公開日期"))


class RollupForm(forms.Form):
    submitted_on = ROCDateField(label=_("函報日期"))
    doc_no = forms.CharField(label=_("公文文號"), max_length=60, required=False)


class AgencyFilterMixin(forms.Form):
    agency = AgencyChoiceField(Agency.objects.none(), label=_("機關"), required=False, empty_label=_("全部"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_visible_to(user)


class RecusalFilterForm(AgencyFilterMixin, SearchForm):
    kind = forms.ChoiceField(label=_("迴避類型"), choices=_blank(RecusalKind.choices), required=False)


class DisclosureFilterForm(AgencyFilterMixin, SearchForm):
    mode = forms.ChoiceField(label=_("揭露方式"), choices=_blank(DisclosureMode.choices), required=False)
    category = forms.ChoiceField(label=_("類別"), choices=_blank(DealCategory.choices), required=False)
    exception = forms.ChoiceField(
        label=_("例外規定"),
        choices=_blank([(e.value, _("第%(n)s款") % {"n": e.value}) for e in Exception_]),
        required=False,
    )


class PublicDisclosureSearchForm(forms.Form):
    """The portal's search: text, agency, category and the year of the deal."""

    q = forms.CharField(label=_("關鍵字（姓名、名稱、案名）"), required=False, max_length=100)
    agency = AgencyChoiceField(Agency.objects.none(), label=_("機關"), required=False, empty_label=_("全部"))
    category = forms.ChoiceField(label=_("類別"), choices=_blank(DealCategory.choices), required=False)
    year = forms.IntegerField(label=_("年度（民國）"), required=False, min_value=100, max_value=200)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

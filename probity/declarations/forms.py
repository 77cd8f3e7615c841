import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from probity.complaints.queries import complaints_visible_to
from probity.core import roc
from probity.core.forms import ROCDateField, SearchForm
from probity.declarations import family
from probity.declarations.enums import (
    AssetCategory,
    DeclarantCategory,
    DeclarationType,
    DiscrepancyKind,
    Finding,
    FineStatus,
    FormalCheck,
    Owner,
    ReviewKind,
    ReviewState,
)
from probity.declarations.models import Declarant, DrawPolicy
from probity.org.queries import agencies_writable_by

_YEAR: dict[str, Any] = {"min_value": 90, "max_value": 200}


class DeclarantFilterForm(SearchForm):
    period = None  # type: ignore[assignment]  # these lists filter by filing year, not half-year
    category = forms.ChoiceField(
        label=_("申報義務類別"), required=False, choices=[("", _("全部"))] + DeclarantCategory.choices
    )


class DeclarationFilterForm(SearchForm):
    period = None  # type: ignore[assignment]  # these lists filter by filing year, not half-year
    filing_year = forms.IntegerField(label=_("申報年度"), required=False, **_YEAR)
    kind = forms.ChoiceField(label=_("申報類別"), required=False, choices=[("", _("全部"))] + DeclarationType.choices)
    consented = forms.ChoiceField(
        label=_("授權"), required=False, choices=[("", _("全部")), ("yes", _("已授權")), ("no", _("未授權"))]
    )


class DueFilterForm(forms.Form):
    today = ROCDateField(label=_("基準日"), required=False)
    late_only = forms.BooleanField(label=_("只列逾期"), required=False)


class ReviewFilterForm(SearchForm):
    period = None  # type: ignore[assignment]  # these lists filter by filing year, not half-year
    kind = forms.ChoiceField(label=_("審查類型"), required=False, choices=[("", _("全部"))] + ReviewKind.choices)
    state = forms.ChoiceField(label=_("狀態"), required=False, choices=[("", _("全部"))] + ReviewState.choices)
    filing_year = forms.IntegerField(label=_("申報年度"), required=False, **_YEAR)


class DrawFilterForm(forms.Form):
    filing_year = forms.IntegerField(label=_("申報年度"), required=False, **_YEAR)


class DeclarantForm(forms.ModelForm):
    took_office_on = ROCDateField(label=_("到職日"), required=False)
    left_office_on = ROCDateField(label=_("離職日"), required=False)
    acting_from = ROCDateField(label=_("代理起日"), required=False)
    concurrent_from = ROCDateField(label=_("兼任起日"), required=False)
    minor_children = forms.CharField(
        label=_("未成年子女"),
        required=False,
        help_text=_("多人以頓號「、」分隔；姓名後可加括號註明身分證統一編號，如：王小明（A123456789）"),
        max_length=400,
    )

    class Meta:
        model = Declarant
        fields = [
            "name",
            "id_number",
            "address",
            "agency",
            "position",
            "category",
            "took_office_on",
            "left_office_on",
            "acting_from",
            "concurrent_from",
            "spouse_name",
            "spouse_id_number",
            "minor_children",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_writable_by(user)
        if self.instance.pk:
            self.initial["minor_children"] = family.format_children(self.instance.minor_children)

    def clean_id_number(self):
        return family.clean_id_number(self.cleaned_data["id_number"])

    def clean_spouse_id_number(self):
        value = self.cleaned_data["spouse_id_number"]
        return family.clean_id_number(value) if value.strip() else ""

    def clean_minor_children(self):
        return family.parse_children(self.cleaned_data["minor_children"])


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(label=_("申報類別"), choices=DeclarationType.choices)
    filing_year = forms.IntegerField(label=_("申報年度"), **_YEAR)
    declared_on = ROCDateField(label=_("申報日"))
    submitted_on = ROCDateField(label=_("交件日"))
    consented = forms.BooleanField(label=_("授權查調"), required=False)
    household_salary = forms.DecimalField(
        label=_("本人、配偶及未成年子女全年薪資所得（元）"), min_value=0, decimal_places=0
    )


class AssetItemForm(forms.Form):
    owner = forms.ChoiceField(label=_("所有人"), choices=Owner.choices)
    owner_name = forms.CharField(label=_("所有人姓名（子女）"), required=False, max_length=60)
    category = forms.ChoiceField(label=_("財產類別"), choices=AssetCategory.choices)
    identifier = forms.CharField(label=_("識別資料"), required=False, max_length=120)
    description = forms.CharField(label=_("說明"), required=False, max_length=200)
    value = forms.DecimalField(label=_("價額（元）"), min_value=0, decimal_places=0)
    acquired_on = ROCDateField(label=_("取得日"), required=False)
    acquisition_price = forms.DecimalField(label=_("取得價額（元）"), min_value=0, decimal_places=0, required=False)


class FormalCheckForm(forms.Form):
    result = forms.ChoiceField(label=_("形式審核結果"), choices=FormalCheck.choices)
    note = forms.CharField(label=_("說明"), required=False, max_length=200)


class ComplaintChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} {obj.summary[:40]}"


class CaseReviewForm(forms.Form):
    """The triggering case is chosen from the complaints the user may see; free text is for older cases."""

    complaint = ComplaintChoiceField(label=_("檢舉案件"), queryset=None, required=False)
    complaint_ref = forms.CharField(
        label=_("檢舉案號（系統外案件）"),
        max_length=60,
        required=False,
        help_text=_("案件不在檢舉案件系統內時，填檢舉案號文字"),
    )
    opened_on = ROCDateField(label=_("開始審查日"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].queryset = complaints_visible_to(user).order_by("-received_on", "-sequence")

    def clean(self):
        data = super().clean()
        if not data.get("complaint") and not data.get("complaint_ref"):
            raise forms.ValidationError(_("請選擇檢舉案件或填寫檢舉案號。"))
        return data


class PolicyForm(forms.ModelForm):
    class Meta:
        model = DrawPolicy
        fields = [
            "filing_year",
            "review_ratio",
            "review_rounding",
            "comparison_ratio",
            "comparison_rounding",
            "comparison_base",
            "minimum_one",
            "pool_threshold",
            "basis",
        ]
        help_texts = {"review_ratio": _("以小數表示，例如 0.10 為 10%"), "comparison_ratio": _("例如 0.02 為 2%")}


class DrawPrepareForm(forms.Form):
    filing_year = forms.IntegerField(label=_("申報年度"), **_YEAR)
    scheduled_on = ROCDateField(label=_("抽籤日期"))
    place = forms.CharField(label=_("抽籤地點"), max_length=120, required=False)
    sources = forms.CharField(
        label=_("公開亂數來源"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一個來源：名稱｜開獎日期（民國），例如「今彩539 111年1月18日開獎號碼｜111/01/18」"),
    )

    def clean_sources(self):
        sources = []
        for number, line in enumerate(self.cleaned_data["sources"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, date_text = line.replace("|", "｜").partition("｜")
            try:
                date = roc.parse_date(date_text.strip())
            except ValueError:
                raise forms.ValidationError(_("第%(n)s行的開獎日期不是民國日期。") % {"n": number}) from None
            sources.append({"name": name.strip(), "date": date})
        if not sources:
            raise forms.ValidationError(_("至少要有一個公開亂數來源。"))
        return sources

    def clean_filing_year(self):
        year = self.cleaned_data["filing_year"]
        if not DrawPolicy.objects.filter(filing_year=year).exists():
            raise forms.ValidationError(_("這個申報年度還沒有抽籤規則。"))
        return year


class DrawRunForm(forms.Form):
    """One field per announced source: the numbers it produced, separated by spaces or commas."""

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        for index, source in enumerate(sources):
            self.fields[f"source_{index}"] = forms.CharField(
                label=f"{source['name']}（{source['date']}）", max_length=300, help_text=_("開出號碼，以空白或逗號分隔")
            )

    def clean(self):
        cleaned = super().clean()
        values = []
        for name in self.fields:
            text = cleaned.get(name, "")
            numbers = re.split(r"[\s,，、]+", text.strip()) if text else []
            if not numbers or not all(n.isdigit() for n in numbers):
                self.add_error(name, _("請填入非負整數，以空白或逗號分隔。"))
                continue
            values.append([int(n) for n in numbers])
        cleaned["values"] = values
        return cleaned


class RetrievalForm(forms.Form):
    retrieved_on = ROCDateField(label=_("查調資料日"))
    sources = forms.CharField(label=_("查調來源"), max_length=200, initial="地政、監理、集保、金融機構、保險")


class DiscrepancyForm(forms.Form):
    kind = forms.ChoiceField(label=_("類型"), choices=DiscrepancyKind.choices)
    owner = forms.ChoiceField(label=_("所有人"), choices=Owner.choices)
    category = forms.ChoiceField(label=_("財產類別"), choices=AssetCategory.choices)
    description = forms.CharField(label=_("說明"), max_length=200)
    amount = forms.DecimalField(label=_("金額（元）"), min_value=0, decimal_places=0)


class RequestExplanationForm(forms.Form):
    requested_on = ROCDateField(label=_("通知說明日"))
    due_on = ROCDateField(label=_("說明期限"), help_text=_("至少一個月"))

    def clean(self):
        from probity.declarations.domain import earliest_explanation_due

        cleaned = super().clean()
        requested, due = cleaned.get("requested_on"), cleaned.get("due_on")
        if requested and due and due < earliest_explanation_due(requested):
            self.add_error(
                "due_on",
                _("說明期限至少應給一個月（最早 %(date)s）。")
                % {"date": roc.format_slash(earliest_explanation_due(requested))},
            )
        return cleaned


class ExplanationForm(forms.Form):
    explanation = forms.CharField(label=_("申報人說明"), widget=forms.Textarea(attrs={"rows": 4}))
    explained_on = ROCDateField(label=_("提出說明日"))


class ConclusionForm(forms.Form):
    finding = forms.ChoiceField(label=_("審查結果"), choices=Finding.choices)
    concluded_on = ROCDateField(label=_("審查完畢日"))
    doc_no = forms.CharField(label=_("公文文號"), max_length=60, required=False)


class FineForm(forms.Form):
    status = forms.ChoiceField(label=_("罰鍰狀態"), choices=FineStatus.choices)
    amount = forms.DecimalField(label=_("罰鍰金額（元）"), min_value=0, decimal_places=0, required=False)
    decided_on = ROCDateField(label=_("裁處日"), required=False)

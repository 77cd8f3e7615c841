"""Forms of the prevention app: record forms limited to what the user may write, and list filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from probity.core.forms import ROCDateField, SearchForm
from probity.core.viewkit import roc_dates
from probity.org.models import Agency
from probity.org.queries import agencies_visible_to, agencies_writable_by
from probity.prevention.enums import (
    ActionChannel,
    ActionKind,
    DeedCategory,
    HighlightSection,
    NominationStatus,
    RecommendationStatus,
    SelectionStage,
    Treatment,
)
from probity.prevention.models import (
    EducationHighlight,
    IntegrityPlatform,
    PreventiveAction,
    RepreventionReport,
    Risk,
    RiskMatrix,
    SpecialAudit,
    matrix_problems,
)


def _blank(choices) -> list:
    return [("", _("全部"))] + list(choices)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class OwnedForm(forms.ModelForm):
    """A record about an agency: the agency list holds only agencies the user may write for."""

    agency = AgencyChoiceField(Agency.objects.none(), label=_("機關"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_writable_by(user)
        self.user = user


class SpecialAuditForm(OwnedForm):
    class Meta:
        model = SpecialAudit
        fields = [
            "agency",
            "title",
            "business",
            "plan",
            "audited_from",
            "audited_to",
            "team",
            "completed_on",
            "findings",
            "agency_reply",
        ]
        formfield_callback = roc_dates


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("建議事項"), widget=forms.Textarea(attrs={"rows": 3}))
    reply_due = ROCDateField(label=_("回復期限"))


class TrackRecommendationForm(forms.Form):
    to = forms.ChoiceField(
        label=_("追蹤結果"),
        choices=[
            (RecommendationStatus.ADOPTED, RecommendationStatus.ADOPTED.label),
            (RecommendationStatus.REJECTED, RecommendationStatus.REJECTED.label),
            (RecommendationStatus.OVERDUE, RecommendationStatus.OVERDUE.label),
        ],
    )
    on = ROCDateField(label=_("日期"))
    reason = forms.CharField(label=_("未採納理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PreventiveActionForm(OwnedForm):
    class Meta:
        model = PreventiveAction
        fields = [
            "agency",
            "kind",
            "channel",
            "raised_on",
            "subject",
            "doc_no",
            "finding",
            "recommendation",
            "adopted",
            "money_saved",
            "rule_changed",
            "effect",
            "audit",
        ]
        formfield_callback = roc_dates

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from probity.prevention.queries import audits_visible_to

        self.fields["audit"].queryset = audits_visible_to(user).order_by("-completed_on")
        self.fields["adopted"].widget = forms.Select(choices=[("", _("尚未回復")), (True, _("是")), (False, _("否"))])


class RepreventionForm(OwnedForm):
    """Complaint cases and referrals are chosen from those the user may see.

    Links the user cannot see (another unit's case, or one withheld for a conflict) are kept as they
    are when the report is edited, so saving never silently drops them.
    """

    class Meta:
        model = RepreventionReport
        fields = [
            "agency",
            "title",
            "issued_on",
            "complaints",
            "referrals",
            "case_refs",
            "referral_refs",
            "causes",
            "control_gaps",
            "measures",
            "follow_up",
        ]
        formfield_callback = roc_dates

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from probity.complaints.queries import complaints_visible_to, referrals_visible_to

        visible = {
            "complaints": complaints_visible_to(user).order_by("-received_on", "-sequence"),
            "referrals": referrals_visible_to(user).order_by("-referred_on"),
        }
        self.hidden_links = {}
        for name, queryset in visible.items():
            self.fields[name].queryset = queryset
            self.fields[name].required = False
            self.fields[name].widget.attrs["size"] = 6
            linked = getattr(self.instance, name).all() if self.instance.pk else queryset.none()
            self.hidden_links[name] = list(linked.exclude(pk__in=queryset.values("pk")))

    def clean_complaints(self):
        return [*self.cleaned_data["complaints"], *self.hidden_links["complaints"]]

    def clean_referrals(self):
        return [*self.cleaned_data["referrals"], *self.hidden_links["referrals"]]


class PlatformForm(OwnedForm):
    class Meta:
        model = IntegrityPlatform
        fields = [
            "agency",
            "name",
            "project",
            "launched_on",
            "closed_on",
            "status",
            "member_bodies",
            "background",
            "progress",
            "is_public",
        ]
        formfield_callback = roc_dates


class PlatformMeetingForm(forms.Form):
    held_on = ROCDateField(label=_("會議日期"))
    title = forms.CharField(label=_("會議名稱"), max_length=200)
    minutes = forms.CharField(label=_("會議紀錄"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    is_public = forms.BooleanField(label=_("公開會議紀錄"), required=False, initial=True)


class PlatformNoticeForm(forms.Form):
    published_on = ROCDateField(label=_("發布日期"))
    title = forms.CharField(label=_("標題"), max_length=200)
    body = forms.CharField(label=_("內容"), widget=forms.Textarea(attrs={"rows": 5}))


class HighlightForm(OwnedForm):
    class Meta:
        model = EducationHighlight
        fields = ["agency", "title", "held_on", "section", "narrative", "sort_order"]
        formfield_callback = roc_dates


class SelectionForm(forms.Form):
    roc_year = forms.IntegerField(label=_("年度（民國）"), min_value=100, max_value=200)
    nomination_deadline = ROCDateField(label=_("推薦截止日"))


class AdvanceSelectionForm(forms.Form):
    to = forms.ChoiceField(label=_("進入階段"), choices=SelectionStage.choices)
    on = ROCDateField(label=_("日期"))


class NominationForm(forms.Form):
    agency = AgencyChoiceField(Agency.objects.none(), label=_("被推薦人服務機關"))
    nominee = forms.CharField(label=_("被推薦人"), max_length=60)
    title = forms.CharField(label=_("職稱"), max_length=60)
    deed_category = forms.ChoiceField(label=_("事蹟類別"), choices=DeedCategory.choices)
    deeds = forms.CharField(label=_("具體事蹟"), widget=forms.Textarea(attrs={"rows": 5}))
    nominated_on = ROCDateField(label=_("推薦日期"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_writable_by(user).exclude(depth=0)


class ReviewNominationForm(forms.Form):
    to = forms.ChoiceField(
        label=_("審查結果"),
        choices=[(s.value, s.label) for s in NominationStatus if s != NominationStatus.NOMINATED],
    )
    note = forms.CharField(label=_("審查意見"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MatrixForm(forms.Form):
    """A matrix typed as lists: one label per line, and the grid as rows of level numbers (1 = lowest)."""

    name = forms.CharField(label=_("矩陣名稱"), max_length=100)
    likelihoods = forms.CharField(label=_("可能性等級（由低至高，一行一個）"), widget=forms.Textarea(attrs={"rows": 4}))
    impacts = forms.CharField(label=_("影響程度等級（由低至高，一行一個）"), widget=forms.Textarea(attrs={"rows": 4}))
    levels = forms.CharField(label=_("風險等級（由低至高，一行一個）"), widget=forms.Textarea(attrs={"rows": 3}))
    grid = forms.CharField(
        label=_("對照表"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每列一個可能性等級（由低至高），以空白分隔各影響程度的風險等級編號，1 為最低。"),
    )
    is_default = forms.BooleanField(label=_("設為預設矩陣"), required=False)

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["likelihoods"] = self._lines(data["likelihoods"])
        data["impacts"] = self._lines(data["impacts"])
        data["levels"] = self._lines(data["levels"])
        try:
            data["grid"] = [[int(cell) - 1 for cell in line.split()] for line in self._lines(data["grid"])]
        except ValueError:
            raise forms.ValidationError(_("對照表只能填數字。")) from None
        problems = matrix_problems(data["likelihoods"], data["impacts"], data["levels"], data["grid"])
        if problems:
            raise forms.ValidationError(problems)
        return data


class RiskForm(OwnedForm):
    inherent_likelihood = forms.TypedChoiceField(label=_("固有可能性"), coerce=int)
    inherent_impact = forms.TypedChoiceField(label=_("固有影響程度"), coerce=int)
    residual_likelihood = forms.TypedChoiceField(label=_("殘餘可能性"), coerce=int, required=False, empty_value=None)
    residual_impact = forms.TypedChoiceField(label=_("殘餘影響程度"), coerce=int, required=False, empty_value=None)

    class Meta:
        model = Risk
        fields = [
            "agency",
            "title",
            "process",
            "description",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "treatment",
            "measures",
            "owner",
            "assessed_on",
            "next_review_on",
            "is_closed",
            "audits",
            "actions",
            "repreventions",
            "case_refs",
        ]
        formfield_callback = roc_dates

    def __init__(self, *args, user, matrix: RiskMatrix, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from probity.prevention import queries

        self.matrix = matrix
        likelihoods = list(enumerate(matrix.likelihood_labels))
        impacts = list(enumerate(matrix.impact_labels))
        self.fields["inherent_likelihood"].choices = likelihoods
        self.fields["inherent_impact"].choices = impacts
        self.fields["residual_likelihood"].choices = [("", "—")] + likelihoods
        self.fields["residual_impact"].choices = [("", "—")] + impacts
        self.fields["audits"].queryset = queries.audits_visible_to(user)
        self.fields["actions"].queryset = queries.actions_visible_to(user)
        self.fields["repreventions"].queryset = queries.repreventions_visible_to(user)
        for name in ("audits", "actions", "repreventions"):
            self.fields[name].required = False
            self.fields[name].widget.attrs["size"] = 5

    def clean(self):
        data = super().clean()
        if (data.get("residual_likelihood") is None) != (data.get("residual_impact") is None):
            raise forms.ValidationError(_("殘餘可能性與影響程度須同時填寫或同時留空。"))
        return data


class ReviewRiskForm(forms.Form):
    reviewed_on = ROCDateField(label=_("檢視日期"))
    note = forms.CharField(label=_("檢視說明"), widget=forms.Textarea(attrs={"rows": 3}))
    residual_likelihood = forms.TypedChoiceField(label=_("殘餘可能性"), coerce=int, required=False, empty_value=None)
    residual_impact = forms.TypedChoiceField(label=_("殘餘影響程度"), coerce=int, required=False, empty_value=None)
    next_review_on = ROCDateField(label=_("下次檢視日"))

    def __init__(self, *args, matrix: RiskMatrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residual_likelihood"].choices = [("", "—")] + list(enumerate(matrix.likelihood_labels))
        self.fields["residual_impact"].choices = [("", "—")] + list(enumerate(matrix.impact_labels))


# Filters ---------------------------------------------------------------------------------------


class AgencyFilterMixin(forms.Form):
    agency = AgencyChoiceField(Agency.objects.none(), label=_("機關"), required=False, empty_label=_("全部"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_visible_to(user)


class AuditFilterForm(AgencyFilterMixin, SearchForm):
    pass


class ActionFilterForm(AgencyFilterMixin, SearchForm):
    kind = forms.ChoiceField(label=_("類別"), choices=_blank(ActionKind.choices), required=False)
    channel = forms.ChoiceField(label=_("來源管道"), choices=_blank(ActionChannel.choices), required=False)


class RepreventionFilterForm(AgencyFilterMixin, SearchForm):
    pass


class PlatformFilterForm(AgencyFilterMixin, SearchForm):
    pass


class HighlightFilterForm(AgencyFilterMixin, SearchForm):
    section = forms.ChoiceField(label=_("報告段落"), choices=_blank(HighlightSection.choices), required=False)


class NominationFilterForm(SearchForm):
    status = forms.ChoiceField(label=_("審查結果"), choices=_blank(NominationStatus.choices), required=False)


class RiskFilterForm(AgencyFilterMixin, SearchForm):
    treatment = forms.ChoiceField(label=_("處理方式"), choices=_blank(Treatment.choices), required=False)

"""Entry forms (ROC dates, agencies limited to what the user may write for) and list filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from probity.activities.domain import CheckAnswer
from probity.activities.enums import CheckResult
from probity.activities.models import ChecklistItem, Inspection, Meeting, Outreach, Proposal, ProtestAlert
from probity.core.forms import ROCDateField, SearchForm
from probity.org.models import Agency, EthicsUnit
from probity.org.queries import agencies_visible_to, agencies_writable_by, units_visible_to, units_writable_by


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class RecordForm(forms.ModelForm):
    """Agency and (optional) unit limited to the user's writable scope; the unit defaults from the agency."""

    agency = AgencyChoiceField(Agency.objects.none(), label=_("機關"))
    unit = forms.ModelChoiceField(
        EthicsUnit.objects.none(),
        label=_("政風機構"),
        required=False,
        help_text=_("空白時依機關自動帶入服務該機關的政風機構。"),
    )
    date = ROCDateField(label=_("日期"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_writable_by(user)
        self.fields["unit"].queryset = units_writable_by(user)
        if self.instance.pk:
            self.initial.setdefault("agency", self.instance.agency_id)
            self.initial.setdefault("unit", self.instance.unit_id)

    def domain_values(self) -> dict:
        """What the domain function takes: the cleaned fields, the unit left None to default from the agency."""
        return dict(self.cleaned_data)


class MeetingEntryForm(RecordForm):
    date = ROCDateField(label=_("會議日期"))

    class Meta:
        model = Meeting
        fields = [
            "agency",
            "unit",
            "date",
            "seq_no",
            "is_integrity",
            "is_security",
            "chair",
            "external_members",
            "notes",
        ]
        widgets = {"external_members": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_integrity") and not cleaned.get("is_security"):
            raise forms.ValidationError(_("請至少勾選一種會報類別（合併召開時兩者都勾選）。"))
        return cleaned


class ProposalEntryForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["seq_no", "type", "title", "resolution", "status", "responsible_unit"]
        widgets = {"resolution": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"seq_no": _("空白時接續編號")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seq_no"].required = False


class OutreachEntryForm(RecordForm):
    class Meta:
        model = Outreach
        fields = [
            "agency",
            "unit",
            "date",
            "topic",
            "form",
            "title",
            "sessions",
            "attendances",
            "audience",
            "highlight",
        ]
        widgets = {"highlight": forms.Textarea(attrs={"rows": 4})}


class InspectionEntryForm(RecordForm):
    date = ROCDateField(label=_("檢查日期"))
    follow_up_due = ROCDateField(label=_("追蹤期限"), required=False)

    class Meta:
        model = Inspection
        fields = [
            "agency",
            "unit",
            "date",
            "kind",
            "title",
            "scope",
            "findings",
            "recommendations",
            "follow_up_due",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("scope", "findings", "recommendations")}


class AlertEntryForm(RecordForm):
    date = ROCDateField(label=_("情資日期"))
    expected_on = ROCDateField(label=_("預定陳抗日期"), required=False)

    class Meta:
        model = ProtestAlert
        fields = [
            "agency",
            "unit",
            "date",
            "source",
            "subject",
            "expected_on",
            "location",
            "expected_size",
            "notified_head",
            "notified_units",
            "notified_police",
            "outcome",
            "outcome_note",
        ]
        widgets = {"outcome_note": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(forms.Form):
    date = ROCDateField(label=_("追蹤日期"))
    note = forms.CharField(label=_("改善情形"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    close = forms.BooleanField(label=_("已改善完成，結案"), required=False)


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["kind", "seq_no", "text", "basis", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ChecklistForm(forms.Form):
    """An inspection's checklist as one form: for each question its result, a note, and the day a deficiency
    was put right. Fields are named by question number (``result_3``)."""

    def __init__(self, *args, checks, **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = list(checks)
        for check in self.checks:
            number = check.seq_no
            self.fields[f"result_{number}"] = forms.ChoiceField(
                label=_("第 %(number)d 項查核結果") % {"number": number},
                choices=CheckResult.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=check.result,
            )
            self.fields[f"note_{number}"] = forms.CharField(
                label=_("第 %(number)d 項說明") % {"number": number},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=check.note,
            )
            self.fields[f"corrected_on_{number}"] = ROCDateField(
                label=_("第 %(number)d 項改善完成日期") % {"number": number},
                required=False,
                initial=check.corrected_on,
            )

    def rows(self):
        """Each question with its three bound fields, in the checklist's order."""
        for check in self.checks:
            number = check.seq_no
            yield check, self[f"result_{number}"], self[f"note_{number}"], self[f"corrected_on_{number}"]

    def answers(self) -> dict[int, CheckAnswer]:
        data = self.cleaned_data
        return {
            check.seq_no: CheckAnswer(
                result=data[f"result_{check.seq_no}"],
                note=data[f"note_{check.seq_no}"],
                corrected_on=data[f"corrected_on_{check.seq_no}"],
            )
            for check in self.checks
        }


class ActivityFilterForm(SearchForm):
    """Search, half-year, agency (with its subordinate agencies), unit (with its subtree) and kind."""

    agency = AgencyChoiceField(Agency.objects.none(), label=_("機關"), required=False, empty_label=_("全部"))
    unit = forms.ModelChoiceField(EthicsUnit.objects.none(), label=_("政風機構"), required=False, empty_label=_("全部"))
    kind = forms.ChoiceField(label=_("類別"), required=False)

    def __init__(self, *args, user, kind_label=None, kind_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_visible_to(user)
        self.fields["unit"].queryset = units_visible_to(user)
        if kind_choices:
            self.fields["kind"].choices = [("", _("全部"))] + list(kind_choices)
            self.fields["kind"].label = kind_label or _("類別")
        else:
            del self.fields["kind"]

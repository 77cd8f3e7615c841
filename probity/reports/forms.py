from django import forms
from django.utils.translation import gettext_lazy as _

from probity.core import roc
from probity.core.language import period_choice_label
from probity.org.queries import agencies_writable_by, units_visible_to, units_writable_by
from probity.reports.enums import HighlightSection
from probity.reports.models import Highlight, ReportTemplate


class PeriodChoiceField(forms.ChoiceField):
    """A required half-year among the last ten years, cleaned to a Period."""

    def __init__(self, **kwargs):
        periods = roc.Period.choosable(20)
        kwargs.setdefault("label", _("期別"))
        super().__init__(choices=[(p.code, period_choice_label(p)) for p in periods], **kwargs)

    def valid_value(self, value):
        try:
            roc.Period.parse(value)
        except ValueError:
            return False
        return True

    def clean(self, value):
        value = super().clean(value)
        return roc.Period.parse(value) if value else None


def default_period(user=None) -> roc.Period:
    """The half-year the user keeps chosen on the dashboard (the report they are writing up), else the last
    complete half-year: the one a report is written about."""
    if user is not None and getattr(user, "dashboard_period", ""):
        return roc.Period.chosen(user.dashboard_period)
    return roc.Period.current().previous()


class ScopeChoiceField(forms.ChoiceField):
    def __init__(self, user, **kwargs):
        choices = [("city", _("全市"))] if user.sees_all else []
        choices += [(str(unit.code), unit.name) for unit in units_visible_to(user).order_by("path")]
        kwargs.setdefault("label", _("範圍"))
        super().__init__(choices=choices, **kwargs)


class FigureFilterForm(forms.Form):
    period = PeriodChoiceField()
    scope = forms.ChoiceField(label=_("範圍"), required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["scope"] = ScopeChoiceField(user, required=False)
        self.fields["period"].initial = default_period(user).code


class BuildForm(forms.Form):
    template = forms.ModelChoiceField(ReportTemplate.objects.all(), label=_("範本"), empty_label=None)
    period = PeriodChoiceField()
    scope = forms.ChoiceField(label=_("範圍"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"] = ScopeChoiceField(user)
        self.fields["period"].initial = default_period(user).code


class TemplateVersionForm(forms.Form):
    body = forms.CharField(
        label=_("範本內容"),
        widget=forms.Textarea(attrs={"rows": 28, "class": "template-body"}),
        help_text=_(
            "行首「= 」為報告標題，「# 」「## 」「### 」為一、（一）、1. 各層標題，其餘每行一段；"
            '{% figure "指標代碼" %} 放入指標數值；{{ period.label }} 為期別；'
            "{% for item in highlights.s1_2 %}…{% endfor %} 列出工作重點；[[annex]] 放入統計附表與圖表。"
        ),
    )
    note = forms.CharField(label=_("修改說明"), max_length=255, required=False)
    period = PeriodChoiceField(label=_("預覽期別"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].initial = default_period(user).code


class HighlightForm(forms.ModelForm):
    period = PeriodChoiceField()

    class Meta:
        model = Highlight
        fields = ["period", "section", "unit", "agency", "title", "body", "links", "sort_order"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6}), "links": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_writable_by(user)
        self.fields["agency"].queryset = agencies_writable_by(user)
        self.fields["period"].initial = default_period(user).code
        if self.instance.pk:
            self.initial["period"] = self.instance.period

    def clean_period(self):
        return self.cleaned_data["period"].code


class HighlightFilterForm(forms.Form):
    period = PeriodChoiceField(required=False)
    section = forms.ChoiceField(
        label=_("報告段落"), choices=[("", _("全部"))] + HighlightSection.choices, required=False
    )


class PublishedReportFilterForm(forms.Form):
    """The portal's filters: the half-years and scopes that have a published report, nothing else."""

    period = forms.ChoiceField(label=_("期別"), required=False)
    scope = forms.ChoiceField(label=_("範圍"), required=False)

    def __init__(self, data, *, reports):
        super().__init__(data)
        periods = sorted(set(reports.values_list("period", flat=True)), reverse=True)
        self.fields["period"].choices = [("", _("全部"))] + [
            (code, period_choice_label(roc.Period.parse(code))) for code in periods
        ]
        units = reports.filter(unit__isnull=False).values_list("unit__code", "unit__name", "unit__path").distinct()
        city = [("city", _("全市"))] if reports.filter(unit__isnull=True).exists() else []
        self.fields["scope"].choices = [("", _("全部")), *city] + [
            (str(code), name) for code, name, _path in sorted(units, key=lambda unit: unit[2])
        ]

    def filter(self, reports):
        if not self.is_valid():
            return reports.none() if self.is_bound else reports
        if period := self.cleaned_data["period"]:
            reports = reports.filter(period=period)
        if scope := self.cleaned_data["scope"]:
            reports = reports.filter(unit__isnull=True) if scope == "city" else reports.filter(unit__code=scope)
        return reports

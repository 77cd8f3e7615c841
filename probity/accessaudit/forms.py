import json
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from probity.accessaudit.enums import RULE_CHOICES, CheckResult, Decision, SourceKind
from probity.core import roc
from probity.core.forms import ROCDateField, SearchForm

# The most alerts one bulk decision takes: a page of the queue is 25.
BULK_LIMIT = 100


class AlertFilterForm(SearchForm):
    system = forms.ModelChoiceField(label=_("系統"), queryset=None, required=False, empty_label=_("全部系統"))
    rule = forms.ChoiceField(label=_("規則"), choices=[("", _("全部規則")), *RULE_CHOICES], required=False)
    decision = forms.ChoiceField(label=_("審查結果"), choices=[("", _("全部")), *Decision.choices], required=False)

    def __init__(self, *args, systems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems
        self.fields["system"].to_field_name = "code"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("審查結果"), choices=[(d.value, d.label) for d in Decision if d != Decision.OPEN]
    )
    note = forms.CharField(label=_("審查說明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AlertCodesField(forms.Field):
    """The codes of the alerts ticked in the queue (at most BULK_LIMIT, duplicates dropped)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": _("請勾選要審查的警示。")}

    def to_python(self, value) -> list[uuid.UUID]:
        if not value:
            return []
        if len(value) > BULK_LIMIT:
            raise forms.ValidationError(_("一次最多審查 %(limit)d 筆警示。") % {"limit": BULK_LIMIT})
        try:
            return list(dict.fromkeys(uuid.UUID(str(code)) for code in value))
        except ValueError:
            raise forms.ValidationError(_("警示代碼不正確。")) from None


class BulkDecisionForm(DecisionForm):
    """The queue's bulk triage: the alerts ticked on one page, one decision and note for all of them."""

    alerts = AlertCodesField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No decision is preselected: a page of alerts must not be cleared by an unread default.
        decision = self.fields["decision"]
        decision.choices = [("", _("請選擇…")), *decision.choices]
        decision.error_messages["required"] = _("請選擇審查結果。")


class LogUploadForm(forms.Form):
    file = forms.FileField(label=_("紀錄檔（CSV、JSON lines 或 Parquet）"))
    encoding = forms.ChoiceField(
        label=_("編碼"),
        choices=[("", _("依系統設定")), ("utf-8", "UTF-8"), ("big5", "Big5"), ("cp950", "CP950")],
        required=False,
    )


class SourceUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("資料類型"), choices=SourceKind.choices)
    file = forms.FileField(label=_("檔案（CSV 或 Parquet）"))
    encoding = forms.ChoiceField(label=_("編碼"), choices=[("utf-8", "UTF-8"), ("big5", "Big5")], required=False)


class RunForm(forms.Form):
    date_from = ROCDateField(label=_("起日"))
    date_to = ROCDateField(label=_("迄日"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError(_("迄日不可早於起日。"))
        return data


class SampleCheckForm(forms.Form):
    order = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    result = forms.ChoiceField(label=_("核對結果"), choices=CheckResult.choices)
    note = forms.CharField(label=_("核對說明"), required=False, max_length=1000)


class SampleForm(forms.Form):
    month = forms.CharField(
        label=_("月份"), max_length=12, widget=forms.TextInput(attrs={"placeholder": "110/08", "inputmode": "numeric"})
    )
    sources = forms.CharField(
        label=_("公開亂數來源"),
        help_text=_("每行一個來源，例如當期統一發票特別獎號碼、樂透開獎號碼（同一行多個號碼以空白分隔）。"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_month(self):
        try:
            return roc.parse_month(self.cleaned_data["month"])
        except ValueError:
            raise forms.ValidationError(_("請輸入民國年月，例如 110/08。")) from None

    def clean_sources(self):
        sources = []
        for line in self.cleaned_data["sources"].splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) > 1 and all(p.isdigit() for p in parts):
                sources.append([int(p) for p in parts])
            else:
                sources.append(line.strip())
        if not sources:
            raise forms.ValidationError(_("至少需要一個公開亂數來源。"))
        return sources


class TimelineForm(forms.Form):
    date_from = ROCDateField(label=_("起日"), required=False)
    date_to = ROCDateField(label=_("迄日"), required=False)


class RuleSettingsForm(forms.Form):
    """A system's rule settings as JSON: {"rule": {"enabled": bool, "weight": number, "params": {...}}}."""

    settings = forms.CharField(
        label=_("規則設定（JSON）"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_('只需列出要變更的規則與參數，例如 {"offhours": {"params": {"start": "07:30"}}}。'),
    )

    def clean_settings(self):
        from probity.analytics.rules import merged_rules

        try:
            value = json.loads(self.cleaned_data["settings"] or "{}")
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("不是正確的 JSON：第 %(line)s 行。") % {"line": exc.lineno}) from None
        if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
            raise forms.ValidationError(_("每條規則的設定須為物件。"))
        try:
            merged_rules(value)
        except (ValueError, TypeError) as exc:
            raise forms.ValidationError(_("無法使用的規則設定：%(error)s") % {"error": exc}) from None
        return value

import datetime as dt
import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from probity.accessaudit.enums import (
    RULE_CHOICES,
    CheckResult,
    Decision,
    LookupAction,
    SourceKind,
    action_label,
    kind_choices,
)
from probity.accessaudit.models import MonitoredSystem
from probity.analytics import rules as log_rules
from probity.analytics.ingest import ColumnMapping
from probity.analytics.schema import ACTIONS, REQUIRED_LOOKUP_COLUMNS
from probity.core.forms import ROCDateField, ROCMonthField, SearchForm
from probity.core.language import punctuation
from probity.org.queries import agencies_writable_by

# The most alerts one bulk decision takes: a page of the queue is 25.
BULK_LIMIT = 100


class AlertFilterForm(SearchForm):
    month = ROCMonthField(required=False)
    system = forms.ModelChoiceField(label=_("系統"), queryset=None, required=False, empty_label=_("全部系統"))
    rule = forms.ChoiceField(label=_("規則"), choices=[("", _("全部規則")), *RULE_CHOICES], required=False)
    kind = forms.ChoiceField(label=_("類型"), choices=[("", _("全部類型")), *kind_choices()], required=False)
    decision = forms.ChoiceField(label=_("審查結果"), choices=[("", _("全部")), *Decision.choices], required=False)

    def __init__(self, *args, systems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems
        self.fields["system"].to_field_name = "code"
        self.fields["q"].widget.attrs.update(
            placeholder=_("帳號、姓名、統號"), title=_("帳號、姓名、警示原因、類型或當事人統號")
        )


class FindingFilterForm(SearchForm):
    """Account or name, half-year (the finding's month), system, and whether a complaint case was started."""

    system = forms.ModelChoiceField(label=_("系統"), queryset=None, required=False, empty_label=_("全部系統"))
    complaint = forms.ChoiceField(
        label=_("檢舉案件"),
        choices=[("", _("全部")), ("started", _("已立案")), ("none", _("尚未立案"))],
        required=False,
    )

    def __init__(self, *args, systems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems
        self.fields["system"].to_field_name = "code"


class DecisionForm(forms.Form):
    # No decision is preselected: an alert, or a page of them, must not be cleared by an unread default.
    decision = forms.ChoiceField(
        label=_("審查結果"),
        choices=[("", _("請選擇…")), *((d.value, d.label) for d in Decision if d != Decision.OPEN)],
        error_messages={"required": _("請選擇審查結果。")},
    )
    note = forms.CharField(label=_("審查說明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, same_lookup_open: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if same_lookup_open:  # left unticked: the other alerts are decided only when the officer says so
            self.fields["with_same_lookup"] = forms.BooleanField(
                label=ngettext(
                    "一併套用於同一筆查閱的另 %(n)d 則待審警示",
                    "一併套用於同一筆查閱的另 %(n)d 則待審警示",
                    same_lookup_open,
                )
                % {"n": same_lookup_open},
                required=False,
            )


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
    mode = forms.ChoiceField(
        label=_("匯入方式"),
        choices=[("replace", _("取代現有資料")), ("merge", _("合併到現有資料"))],
        initial="replace",
        help_text=_(
            "合併時，使用者、當事人與假日表以帳號、當事人統號或日期比對，相同者以新檔為準，其餘新增；"
            "案件指派與查詢登記、親屬資料則加入新檔各列（完全相同的列只留一列）。"
            "假日表只需列出內建政府行政機關辦公日曆表以外的日子（如防颱停班），同一日期以此表為準。"
        ),
    )


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
    month = ROCMonthField()
    sources = forms.CharField(
        label=_("公開亂數來源"),
        help_text=_("每行一個來源，例如當期統一發票特別獎號碼、樂透開獎號碼（同一行多個號碼以空白分隔）。"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

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


class SubjectLookupForm(TimelineForm):
    """Who looked a subject up in a period (the period boxes are filled in with the last run's)."""

    subject_id = forms.CharField(label=_("當事人統號"), max_length=40, strip=True)

    field_order = ["subject_id", "date_from", "date_to"]

    def clean_subject_id(self):
        return self.cleaned_data["subject_id"].upper()  # as ingest stores it


PARAM_LABELS = {
    "check_reason": _("查詢事由須為登記有案的文號"),
    "self": _("查閱本人"),
    "coworker": _("查閱同單位同仁"),
    "household": _("查閱同姓且同戶籍地址者"),
    "relative": _("查閱親屬（依財產申報）"),
    "vip": _("查閱重要人士"),
    "start": _("上班時間起"),
    "end": _("上班時間迄"),
    "history_days": _("與本人前幾日比較"),
    "z": _("高於本人平均幾個標準差"),
    "min_sd": _("標準差下限"),
    "min_count": _("當日至少幾筆才比較"),
    "peer_factor": _("須高於同單位同職稱平均的倍數"),
    "min_history_days": _("至少有幾日歷史才比較"),
    "usual_share": _("平常區域的最低占比"),
    "min_records": _("一次至少幾筆"),
    "actions": _("計入的作業"),
    "min_days": _("至少幾個不同日期有警示"),
    "rules": _("計入的規則"),
}
PARAM_HELP = {
    "min_sd": _("每日筆數都一樣時標準差為 0，以此值代替，避免多一筆就警示。"),
    "usual_share": _("占本人查閱至少此比例的區域（0 到 1），與本人轄區，都視為平常區域。"),
}
RULE_NAMES = dict(RULE_CHOICES)
REPEATABLE_CHOICES = [(key, label) for key, label in RULE_CHOICES if key in log_rules.REPEATABLE_RULES]


def _param_field(param: log_rules.Param, name: str) -> forms.Field:
    common = {"label": PARAM_LABELS[name], "help_text": PARAM_HELP.get(name, "")}
    if param.kind == "bool":
        return forms.BooleanField(required=False, **common)
    if param.kind == "int":
        return forms.IntegerField(min_value=param.low, max_value=param.high, **common)
    if param.kind == "float":
        widget = forms.NumberInput(attrs={"step": "any"})
        return forms.FloatField(min_value=param.low, max_value=param.high, widget=widget, **common)
    if param.kind == "time":
        # A 24-hour text box, as the table shows the hours; a time picker would show 上午/下午 or AM/PM.
        attrs = {"placeholder": "HH:MM", "pattern": "[0-2][0-9]:[0-5][0-9]", "inputmode": "numeric", "size": 5}
        widget = forms.TimeInput(format="%H:%M", attrs=attrs)
        return forms.TimeField(input_formats=["%H:%M"], widget=widget, **common)
    choices = LookupAction.choices if param.kind == "actions" else REPEATABLE_CHOICES
    return forms.MultipleChoiceField(
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("「%(value)s」不是可選的項目。")},
        **common,
    )


def describe_params(key: str, params: dict) -> list[tuple[str, str]]:
    """A rule's parameters as (label, value) in words, for the settings table."""
    described, separator = [], pgettext("list separator", "、")
    for name, value in params.items():
        kind = log_rules.PARAMS[key][name].kind
        if kind == "bool":
            text = _yes_no(value)
        elif kind == "actions":
            text = separator.join(action_label(item) for item in value) or _("無")
        elif kind == "rules":
            text = separator.join(str(RULE_NAMES[item]) for item in value) or _("無")
        else:
            text = f"{value:g}" if isinstance(value, float) else str(value)
        described.append((PARAM_LABELS[name], text))
    return described


def rule_setting_changes(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """What a change of a system's rule settings did, as (what, old value, new value) in words, rule by rule."""
    old_rules, new_rules = log_rules.merged_rules(before), log_rules.merged_rules(after)
    changes = []
    for key, new in new_rules.items():
        old, rule = old_rules[key], RULE_NAMES[key]
        if old["enabled"] != new["enabled"]:
            changes.append((_of(rule, _("啟用")), _yes_no(old["enabled"]), _yes_no(new["enabled"])))
        if old["weight"] != new["weight"]:
            changes.append((_of(rule, _("權重")), f"{old['weight']:g}", f"{new['weight']:g}"))
        for name in log_rules.PARAMS[key]:
            was, now = old["params"][name], new["params"][name]
            if (set(was) != set(now)) if isinstance(now, list) else (was != now):
                [(label, old_text)] = describe_params(key, {name: was})
                [(_label, new_text)] = describe_params(key, {name: now})
                changes.append((_of(rule, label), old_text, new_text))
    return changes


def _yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def _of(rule, setting) -> str:
    """A rule's setting named in words: 下班時間或假日查閱（上班時間起）."""
    return f"{rule}{punctuation('lparen')}{setting}{punctuation('rparen')}"


class RuleSettingsForm(forms.Form):
    """A system's rules, one group of fields each: enabled, weight and the rule's parameters.

    Only what differs from the defaults is stored, so a later change of a default still reaches systems
    that never changed it.
    """

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for key, rule in current.items():
            self.fields[f"{key}__enabled"] = forms.BooleanField(label=_("啟用"), required=False)
            self.fields[f"{key}__weight"] = forms.FloatField(
                label=_("權重"), min_value=log_rules.WEIGHT_RANGE[0], max_value=log_rules.WEIGHT_RANGE[1]
            )
            self.initial.update({f"{key}__enabled": rule["enabled"], f"{key}__weight": rule["weight"]})
            for name, param in log_rules.PARAMS[key].items():
                self.fields[f"{key}__{name}"] = _param_field(param, name)
                value = rule["params"][name]
                self.initial[f"{key}__{name}"] = dt.time.fromisoformat(value) if param.kind == "time" else value
            self.groups.append((key, RULE_NAMES[key]))

    def rule_groups(self) -> list[dict]:
        """The fields of each rule, for a fieldset per rule."""
        return [
            {"key": key, "label": label, "fields": [self[name] for name in self.fields if name.startswith(key + "__")]}
            for key, label in self.groups
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("offhours__start"), data.get("offhours__end")
        if start and end and start >= end:
            self.add_error("offhours__end", _("上班時間迄須晚於上班時間起。"))
        return data

    def rule_settings(self) -> dict:
        """The changes from the defaults, in the shape ``analytics.rules.merged_rules`` takes."""
        changes = {}
        for key, default in log_rules.DEFAULT_RULES.items():
            setting = {}
            for field in ("enabled", "weight"):
                if self.cleaned_data[f"{key}__{field}"] != default[field]:
                    setting[field] = self.cleaned_data[f"{key}__{field}"]
            params = {}
            for name, param in log_rules.PARAMS[key].items():
                value = self.cleaned_data[f"{key}__{name}"]
                value = value.strftime("%H:%M") if param.kind == "time" else value
                was = default["params"][name]
                # A ticked list is a set: the defaults' order is no change.
                if (set(value) != set(was)) if isinstance(value, list) else (value != was):
                    params[name] = value
            if params:
                setting["params"] = params
            if setting:
                changes[key] = setting
        return changes


# The log's columns as the form asks for them: canonical name → label. The first three are required.
LOG_COLUMN_LABELS = {
    "ts": _("查閱時間"),
    "user_id": _("使用者帳號"),
    "subject_id": _("當事人識別碼"),
    "lookup_id": _("序號"),
    "action": _("作業別"),
    "reason": _("查詢事由或文號"),
    "client": _("終端機或來源位址"),
    "records": _("筆數"),
}
DELIMITERS = [(",", _("逗號 ,")), (";", _("分號 ;")), ("\t", _("定位字元 Tab")), ("|", _("直線 |"))]
_WORDS = re.compile(r"[、,，;；\s]+")


class SystemForm(forms.Form):
    """A monitored system and how its log names its columns (``column_mapping``).

    New systems also take an agency and a key; the key names the store's folder, so it never changes.
    """

    agency = forms.ModelChoiceField(label=_("系統所屬機關"), queryset=None)
    key = forms.RegexField(
        label=_("系統代號"),
        regex=r"^[a-z0-9][a-z0-9_-]{0,39}$",
        help_text=_("小寫英文字母、數字、- 或 _，例如 tax；建立後不可更改。"),
        error_messages={"invalid": _("系統代號只能用小寫英文字母、數字、- 或 _，且以字母或數字開頭。")},
    )
    name = forms.CharField(label=_("系統名稱"), max_length=120)
    encoding = forms.ChoiceField(label=_("檔案編碼"), choices=[("utf-8", "UTF-8"), ("big5", "Big5")])
    is_active = forms.BooleanField(label=_("監控中"), required=False, initial=True)
    delimiter = forms.ChoiceField(label=_("CSV 分隔符號"), choices=DELIMITERS)
    timestamp_format = forms.CharField(
        label=_("時間格式"),
        required=False,
        max_length=40,
        help_text=_("留空表示 2021-08-02 09:30:00 的形式；其他形式以 strptime 格式填寫，例如 %Y/%m/%d %H:%M:%S。"),
    )

    def __init__(self, *args, user, system=None, **kwargs):
        if system is not None:
            kwargs.setdefault("initial", _system_initial(system))
        super().__init__(*args, **kwargs)
        if system is None:
            self.fields["agency"].queryset = agencies_writable_by(user)
            del self.fields["is_active"]
        else:
            del self.fields["agency"], self.fields["key"]
        for name, label in LOG_COLUMN_LABELS.items():
            required = name in REQUIRED_LOOKUP_COLUMNS
            self.fields[f"column_{name}"] = forms.CharField(label=label, required=required, max_length=80)
        for action, label in LookupAction.choices:
            self.fields[f"action_{action}"] = forms.CharField(
                label=_("代表「%(action)s」的值") % {"action": label},
                required=False,
                max_length=200,
            )

    def column_fields(self):
        return [self[f"column_{name}"] for name in LOG_COLUMN_LABELS]

    def action_fields(self):
        return [self[f"action_{action}"] for action in ACTIONS]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if MonitoredSystem.objects.filter(key=key).exists():
            raise forms.ValidationError(_("已有系統使用此代號。"))
        return key

    def clean_timestamp_format(self):
        value = self.cleaned_data["timestamp_format"].strip()
        if not value:
            return ""
        # A day written in the format must read back as the same day. Log times are local and naive.
        sample = dt.datetime(2021, 8, 2, 9, 30, 15)  # noqa: DTZ001
        try:
            read_back = dt.datetime.strptime(sample.strftime(value), value)  # noqa: DTZ007
        except ValueError:
            read_back = None
        if read_back is None or read_back.date() != sample.date():
            raise forms.ValidationError(_("時間格式須含年、月、日，例如 %Y/%m/%d %H:%M:%S。"))
        return value

    def clean(self):
        data = super().clean()
        columns = {name: data[f"column_{name}"] for name in LOG_COLUMN_LABELS if data.get(f"column_{name}")}
        seen: dict[str, str] = {}
        for name, header in columns.items():
            if header in seen:
                self.add_error(f"column_{name}", _("「%(header)s」已對應到其他項目。") % {"header": header})
            seen[header] = name
        actions: dict[str, str] = {}
        for action in ACTIONS:
            for word in _WORDS.split(data.get(f"action_{action}") or ""):
                if word and actions.setdefault(word, action) != action:
                    self.add_error(f"action_{action}", _("「%(word)s」已代表其他作業。") % {"word": word})
        data["column_mapping"] = {
            "columns": columns,
            "actions": actions,
            "timestamp_format": data.get("timestamp_format") or None,
            "delimiter": data.get("delimiter") or ",",
        }
        return data


def _system_initial(system) -> dict:
    mapping = ColumnMapping.from_dict(system.column_mapping)
    initial = {
        "name": system.name,
        "encoding": system.encoding,
        "is_active": system.is_active,
        "delimiter": mapping.delimiter,
        "timestamp_format": mapping.timestamp_format or "",
    }
    initial.update({f"column_{name}": header for name, header in mapping.columns.items()})
    for action in ACTIONS:
        initial[f"action_{action}"] = "、".join(word for word, value in mapping.actions.items() if value == action)
    return initial

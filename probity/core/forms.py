import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from probity.core import roc
from probity.core.language import period_choice_label


class ROCDateInput(forms.TextInput):
    """A text box that shows and accepts ROC dates (110/07/01)."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "110/07/01", "inputmode": "numeric", "autocomplete": "off", "class": "roc-date"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return roc.format_slash(value)
        return value


class ROCDateField(forms.DateField):
    widget = ROCDateInput
    default_error_messages = {"invalid": _("請輸入民國日期，例如 110/07/01。")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return roc.parse_date(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ROCMonthField(forms.CharField):
    """A month typed in ROC (110/08), cleaned to ``YYYY-MM`` ("" when left blank)."""

    default_error_messages = {"invalid": _("請輸入民國年月，例如 110/08。")}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("月份"))
        attrs = {"placeholder": "110/08", "inputmode": "numeric"}
        super().__init__(max_length=12, widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        try:
            return roc.parse_month(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class PeriodField(forms.ChoiceField):
    """A half-year, chosen among recent ones; cleaned to a :class:`~probity.core.roc.Period`."""

    def __init__(self, *, count: int = 12, **kwargs):
        periods = roc.Period.choosable(count)
        kwargs.setdefault("label", _("期間"))
        super().__init__(choices=[("", _("全部期間"))] + [(p.code, period_choice_label(p)) for p in periods], **kwargs)

    def valid_value(self, value):
        try:
            roc.Period.parse(value)
        except ValueError:
            return value == ""
        return True

    def clean(self, value):
        value = super().clean(value)
        return roc.Period.parse(value) if value else None


class SearchForm(forms.Form):
    """The base of every list filter: free-text search and a half-year."""

    q = forms.CharField(label=_("搜尋"), required=False, max_length=100)
    period = PeriodField(required=False)


class RecordSearchForm(forms.Form):
    """The search box over every kind of record."""

    q = forms.CharField(
        label=_("搜尋紀錄"),
        min_length=2,
        max_length=100,
        error_messages={"min_length": _("請至少輸入 2 個字。"), "required": _("請輸入要搜尋的文字。")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("檔案（.xlsx 或 .csv）"),
        help_text=_("CSV 可用 UTF-8 或 Big5 編碼。整份檔案檢查無誤才會寫入。"),
    )
    mode = forms.ChoiceField(
        label=_("已存在的資料"),
        choices=[("add", _("略過，只新增")), ("update", _("以檔案內容更新"))],
        initial="add",
        widget=forms.RadioSelect,
        help_text=_(
            "以同一鍵值（例如申報義務人的身分證統一編號、機關與職稱）比對；選擇更新時，檔案中的欄位取代既有內容，檔案沒有的欄位維持不變。"
        ),
    )

    def __init__(self, *args, importer, **kwargs):
        super().__init__(*args, **kwargs)
        if not importer.updates:
            del self.fields["mode"]

    @property
    def updates(self) -> bool:
        return self.cleaned_data.get("mode") == "update"

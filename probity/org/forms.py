from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from probity.core.forms import SearchForm
from probity.org.enums import AgencyKind, Role, UnitKind
from probity.org.models import Agency, EthicsUnit, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("帳號或密碼不正確。連續失敗多次將暫時鎖定帳號。"),
        "inactive": _("此帳號已停用。"),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("驗證碼"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("驗證碼是 6 位數字。"))
        return token


class AgencyForm(forms.ModelForm):
    parent = forms.ModelChoiceField(Agency.objects.all(), label=_("上級機關"), required=False)

    class Meta:
        model = Agency
        fields = ["key", "name", "short_name", "name_en", "kind", "parent", "sort_order", "is_active"]


class UnitForm(forms.ModelForm):
    parent = forms.ModelChoiceField(EthicsUnit.objects.all(), label=_("上級政風機構"), required=False)
    agencies = forms.ModelMultipleChoiceField(
        Agency.objects.all(), label=_("服務機關"), required=False, widget=forms.SelectMultiple(attrs={"size": 10})
    )

    class Meta:
        model = EthicsUnit
        fields = ["name", "kind", "parent", "agencies", "sort_order", "is_active"]


class StaffForm(forms.ModelForm):
    password = forms.CharField(
        label=_("密碼"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("新增時必填；修改時留空表示不變更。至少 10 個字元。"),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "title", "email", "role", "unit", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].disabled = True

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if not self.instance.pk and not password:
            raise forms.ValidationError(_("新增使用者時必須設定密碼。"))
        if password:
            validate_password(password, self.instance)
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.UNIT_OFFICER and not cleaned.get("unit"):
            self.add_error("unit", _("政風人員必須指定所屬政風機構。"))
        return cleaned


class AgencyFilterForm(SearchForm):
    period = None
    kind = forms.ChoiceField(label=_("類型"), required=False, choices=[("", _("全部"))] + AgencyKind.choices)


class UnitFilterForm(SearchForm):
    period = None
    kind = forms.ChoiceField(label=_("類型"), required=False, choices=[("", _("全部"))] + UnitKind.choices)


class StaffFilterForm(SearchForm):
    period = None
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部"))] + Role.choices)

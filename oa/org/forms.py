from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from oa.core.forms import BootstrapFormMixin
from oa.org.choices import Role, SeriesKind
from oa.org.models import Department, Person


class LoginForm(AuthenticationForm):
    """One message for a wrong password and an unknown account: nothing tells which it was."""

    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败 %(limit)s 次后，该账户将被锁定 %(minutes)s 分钟。",
        "inactive": "用户名或密码错误。连续失败 %(limit)s 次后，该账户将被锁定 %(minutes)s 分钟。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "账号"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "placeholder": "请输入账号"})
        self.fields["password"].label = "密码"
        self.fields["password"].widget.attrs.update({"placeholder": "请输入密码"})

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT, "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        )


class ChinesePasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "确认新密码"

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "当前密码不正确。",
        "password_mismatch": "两次输入的新密码不一致。",
    }


class OtpCodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label="动态验证码",
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "placeholder": "6位数字"}),
    )


class RoleGrantForm(BootstrapFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label="人员", queryset=Person.objects.filter(is_active=True), error_messages={"invalid_choice": "请选择有效的人员。"}
    )
    role = forms.ChoiceField(label="角色", choices=Role.choices, error_messages={"invalid_choice": "请选择有效的角色。"})



class PhraseForm(BootstrapFormMixin, forms.Form):
    """A new 常用意见. Its rules (given, length, once, how many, the gate) are the service's, not the form's."""

    text = forms.CharField(label="新的常用意见", required=False, widget=forms.TextInput(
        attrs={"maxlength": 100, "placeholder": "如：拟同意，请领导审定。", "autocomplete": "off"}))


class NumberSeriesForm(BootstrapFormMixin, forms.Form):
    """A new 发文字号 series. Which codes and organs are allowed is the service's to judge (oa/org/services/series.py)."""

    kind = forms.ChoiceField(label="类别", choices=SeriesKind.choices, error_messages={"invalid_choice": "请选择有效的类别。"})
    code = forms.CharField(label="机关代字", max_length=20, help_text="发文字号中的机关代字全称，如“韶府办函”；只能由汉字组成",
                           widget=forms.TextInput(attrs={"placeholder": "如：韶府办函", "autocomplete": "off"}))
    organs = forms.ModelMultipleChoiceField(
        label="所属机关", queryset=Department.objects.filter(is_active=True).order_by("sort_order", "id"),
        help_text="文件、函、纪要选一个机关；联合选两个或以上",
        error_messages={"invalid_choice": "请选择有效的机关。", "required": "请选择所属机关。", "invalid_pk_value": "请选择有效的机关。"},
        widget=forms.SelectMultiple(attrs={"size": 8}))


class SignPinForm(BootstrapFormMixin, forms.Form):
    """签发密码: set or change it; the login password confirms it is the person (oa/org/services/sign_pin.py checks)."""

    password = forms.CharField(label="登录密码", required=False, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    pin = forms.CharField(label="新的签发密码（6 位数字）", required=False, max_length=6,
                          widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric",
                                                            "pattern": "[0-9]{6}", "maxlength": "6"}))
    pin_again = forms.CharField(label="再次输入签发密码", required=False, max_length=6,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric",
                                                                  "pattern": "[0-9]{6}", "maxlength": "6"}))

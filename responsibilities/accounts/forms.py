"""Forms of the account pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OTPTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态码"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("请输入验证器显示的 6 位数字。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

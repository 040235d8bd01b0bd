from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """The six-digit code an authenticator app shows."""

    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits your app shows.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 8}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()


class SignInPolicyForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("Require two-factor authentication for all staff of this service"),
        required=False,
        help_text=_(
            "Administrators always need it. When checked, moderators, partner specialists "
            "and viewers must also set up an authenticator app at their next sign-in."
        ),
    )

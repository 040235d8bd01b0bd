"""The connect form of a channel type, built from its connect_fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelle.channels.types.base import ConnectError


def _validator(check):
    # The field's own check, so the form names the field; channel_connect runs it again.
    def validate(value):
        if value:
            try:
                check(value)
            except ConnectError as exc:
                raise forms.ValidationError(str(exc)) from None

    return validate


def connect_form_class(channel_type) -> type[forms.Form]:
    """A Form with a name field plus one field per ConnectField; secrets are password
    inputs that never render their value back."""
    fields = {
        "name": forms.CharField(
            label=_("Name"),
            max_length=200,
            required=False,
            help_text=_("What staff call this account, e.g. “Ottawa group bot”."),
        )
    }
    for field in channel_type.connect_fields:
        widget = (
            forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
            if field.secret
            else forms.TextInput(attrs={"dir": "ltr"})
        )
        fields[field.name] = forms.CharField(
            label=field.label,
            required=field.required,
            help_text=field.help,
            max_length=500,
            strip=True,
            widget=widget,
            validators=[_validator(field.check)] if field.check else [],
        )
    return type(f"{channel_type.slug.title()}ConnectForm", (forms.Form,), fields)

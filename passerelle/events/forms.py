from django import forms
from django.utils.translation import gettext_lazy as _


class EventForm(forms.Form):
    """When, where and how many: what an event adds to its post."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    link = forms.URLField(
        label=_("Link (online session, map)"), max_length=500, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label=_("Places (leave empty for no limit)"), min_value=1, required=False
    )

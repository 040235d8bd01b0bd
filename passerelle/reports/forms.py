"""The period picker every report page shares."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelle.reports.periods import PeriodError, complete_months, split

BY_CHOICES = [
    ("month", _("By month")),
    ("quarter", _("By quarter")),
    ("year", _("By year")),
    ("custom", _("The whole span")),
]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    by = forms.ChoiceField(label=_("Columns"), choices=BY_CHOICES, initial="month")
    compare = forms.MultipleChoiceField(
        label=_("Side by side with"), required=False, widget=forms.SelectMultiple
    )

    def __init__(self, *args, other_services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compare"].choices = [(s.slug, s.name) for s in other_services]
        if not other_services:
            del self.fields["compare"]

    def clean(self):
        data = super().clean()
        start, end, by = data.get("start"), data.get("end"), data.get("by")
        if start and end and by:
            try:
                data["periods"] = split(start, end, by)
            except PeriodError as exc:
                raise forms.ValidationError(str(exc)) from None
            if len(data["periods"]) > 60:
                raise forms.ValidationError(
                    _("That makes %(n)s columns: choose a longer period kind.")
                    % {"n": len(data["periods"])}
                )
        return data


def default_span(today: date) -> tuple[date, date]:
    """The 12 complete months before this one."""
    months = complete_months(today, 12)
    return months[0].start, months[-1].end

"""The service standard form: opening periods typed as '09:00-12:00, 13:00-17:00' per day."""

import re
from datetime import date, time

from django import forms
from django.utils import dates
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.questions.models import ServiceStandard

PROVINCES = [
    ("", gettext_lazy("Federal holidays only")),
    ("AB", "Alberta"),
    ("BC", "British Columbia"),
    ("MB", "Manitoba"),
    ("NB", "New Brunswick"),
    ("NL", "Newfoundland and Labrador"),
    ("NS", "Nova Scotia"),
    ("NT", "Northwest Territories"),
    ("NU", "Nunavut"),
    ("ON", "Ontario"),
    ("PE", "Prince Edward Island"),
    ("QC", "Québec"),
    ("SK", "Saskatchewan"),
    ("YT", "Yukon"),
]
_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


def parse_periods(text: str) -> list[list[str]]:
    """'9:00-12:00, 13:00-17:00' → [["09:00", "12:00"], ["13:00", "17:00"]]."""
    periods = []
    for chunk in (text or "").split(","):
        if not chunk.strip():
            continue
        match = _PERIOD.match(chunk)
        if not match:
            raise forms.ValidationError(
                _("Write periods like 09:00-12:00, 13:00-17:00 (got “%(chunk)s”).")
                % {"chunk": chunk.strip()}
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            start, end = time(h1, m1), time(h2 % 24, m2)
        except ValueError as exc:
            raise forms.ValidationError(
                _("%(chunk)s is not a time of day.") % {"chunk": chunk.strip()}
            ) from exc
        periods.append([start.strftime("%H:%M"), end.strftime("%H:%M")])
    return periods


def format_periods(periods) -> str:
    return ", ".join(f"{start}-{end}" for start, end in periods or [])


class ServiceStandardForm(forms.ModelForm):
    subdivision = forms.ChoiceField(
        label=gettext_lazy("Province or territory (holidays)"), choices=PROVINCES, required=False
    )
    closure_text = forms.CharField(
        label=gettext_lazy("Closure days (one date a line, YYYY-MM-DD)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = ServiceStandard
        fields = [
            "target_hours",
            "counting",
            "timezone",
            "subdivision",
            "acknowledgement_stops_clock",
            "warn_before_minutes",
            "email_alerts",
            "digest_hour",
            "after_hours_reply",
            "referral_followup_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hours = self.instance.opening_hours or {}
        for day in range(7):
            self.fields[f"day_{day}"] = forms.CharField(
                label=str(dates.WEEKDAYS[day]),
                required=False,
                initial=format_periods(hours.get(str(day))),
                help_text=_("Empty: closed all day."),
            )
        self.fields["closure_text"].initial = "\n".join(self.instance.closure_days or [])
        if "timezone" in self.fields:  # the set-up wizard asks it with the service's
            self.fields["timezone"].help_text = _("Empty: the service's time zone.")

    def day_fields(self):
        return [self[f"day_{day}"] for day in range(7)]

    def clean_closure_text(self):
        days = []
        for line in self.cleaned_data.get("closure_text", "").splitlines():
            if not line.strip():
                continue
            try:
                days.append(date.fromisoformat(line.strip()).isoformat())
            except ValueError as exc:
                raise forms.ValidationError(
                    _("“%(line)s” is not a date like 2026-12-24.") % {"line": line.strip()}
                ) from exc
        return sorted(set(days))

    def clean(self):
        cleaned = super().clean()
        hours = {}
        for day in range(7):
            try:
                periods = parse_periods(cleaned.get(f"day_{day}", ""))
            except forms.ValidationError as exc:
                self.add_error(f"day_{day}", exc)
                continue
            if periods:
                hours[str(day)] = periods
        if not hours and not any(f"day_{d}" in self.errors for d in range(7)):
            self.add_error("day_0", _("Open at least one period in the week."))
        self.instance.opening_hours = hours
        self.instance.closure_days = cleaned.get("closure_text", [])
        return cleaned

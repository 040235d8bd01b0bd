"""Forms of the framework, its indicators and values, the plan, and the period picker.

Model forms only validate and clean: views pass their data to the services, which write.
Edit forms get a copy of the row, so the service still sees the row as it was (for the
event's "before").
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.evaluation.models import (
    EvaluationPlan,
    Indicator,
    IndicatorValue,
    LogicItem,
    Result,
)
from passerelle.evaluation.services import INDICATOR_FIELDS, PLAN_FIELDS
from passerelle.reports.metrics import METRICS
from passerelle.reports.periods import PeriodError, last_months, split

# A longer view is a typo or a robot; the page stays readable and quick.
MAX_PERIODS = 120
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


class LogicItemForm(forms.ModelForm):
    class Meta:
        model = LogicItem
        fields = ["level", "description"]
        widgets = {"description": _textarea(2)}


class ResultForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = ["level", "description"]
        widgets = {"description": _textarea(2)}


class IndicatorForm(forms.ModelForm):
    metric = forms.ChoiceField(label=gettext_lazy("Measured by"), required=False)

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
            "target_by": DateInput(),
            "data_source": forms.TextInput(attrs={"dir": "auto"}),
            "collected_by": forms.TextInput(attrs={"dir": "auto"}),
        }
        help_texts = {
            "unit": gettext_lazy("For a value entered by hand: %, people, hours…"),
            "frequency": gettext_lazy(
                "How often a value is expected; a built-in metric is shown and judged "
                "at this frequency."
            ),
            "target_value": gettext_lazy("Leave empty for no target."),
            "target_by": gettext_lazy(
                "Leave empty for a target every period (for example: at least 80, each month)."
            ),
            "direction": gettext_lazy("Grows: each period above the one before it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [("", _("Entered by hand"))] + [
            (key, f"{m.label} ({m.unit})" if m.unit else str(m.label)) for key, m in METRICS.items()
        ]


class ValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["on", "value", "note"]
        widgets = {"on": DateInput(), "note": forms.TextInput(attrs={"dir": "auto"})}


_PLAN_HELP = {
    "purpose": gettext_lazy("What the evaluation is for: learn, decide, account for results."),
    "reasons": gettext_lazy(
        "For example: evaluate a pilot, inform a future program, report to a funder."
    ),
    "timing": gettext_lazy(
        "The toolkit advises a full evaluation after six months to a year of service."
    ),
    "key_questions": gettext_lazy(
        "For example: did it achieve what it was designed for? What could be improved? "
        "Is it still needed?"
    ),
    "data_sources": gettext_lazy("Usage statistics, surveys, this framework's indicators…"),
    "evaluators": gettext_lazy(
        "A third party gives an objective view: an independent organization or consultant."
    ),
    "principles": gettext_lazy(
        "Participants' safety, ethics, confidentiality and privacy, diversity."
    ),
    "sharing": gettext_lazy("How members will hear what the evaluation found."),
}


class PlanForm(forms.ModelForm):
    class Meta:
        model = EvaluationPlan
        fields = list(PLAN_FIELDS)
        widgets = {
            name: (DateInput() if name == "next_evaluation_on" else _textarea())
            for name in PLAN_FIELDS
        }
        help_texts = _PLAN_HELP


def _month(text: str, name: str) -> date:
    match = _MONTH.match((text or "").strip())
    if not match:
        raise forms.ValidationError(_("%(name)s must be a month written YYYY-MM.") % {"name": name})
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise forms.ValidationError(_("%(name)s is not a month.") % {"name": name})
    return date(year, month, 1)


class PeriodForm(forms.Form):
    """Which periods the indicators are shown over: the last 12 months unless asked."""

    BY = [
        ("month", gettext_lazy("By month")),
        ("quarter", gettext_lazy("By quarter")),
        ("year", gettext_lazy("By year")),
    ]
    by = forms.ChoiceField(label=gettext_lazy("Show"), choices=BY, required=False)
    start = forms.CharField(
        label=gettext_lazy("From"), required=False, widget=forms.TextInput({"type": "month"})
    )
    end = forms.CharField(
        label=gettext_lazy("To"), required=False, widget=forms.TextInput({"type": "month"})
    )

    def __init__(self, data, *, today: date):
        self.today = today
        default = last_months(today, 12)
        self.default = {
            "by": "month",
            "start": default[0].start.strftime("%Y-%m"),
            "end": default[-1].start.strftime("%Y-%m"),
        }
        given = {k: data.get(k) for k in self.default if data.get(k)}
        super().__init__({**self.default, **given})

    def periods(self):
        """The periods asked for, up to this one (later ones have no values yet)."""
        if not self.is_valid():
            return last_months(self.today, 12)
        try:
            start = _month(self.cleaned_data["start"], _("From"))
            last = _month(self.cleaned_data["end"], _("To"))
            end = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            periods = split(start, end, self.cleaned_data["by"] or "month")
        except (forms.ValidationError, PeriodError) as exc:
            self.add_error(None, exc.messages[0] if hasattr(exc, "messages") else str(exc))
            return last_months(self.today, 12)
        periods = [p for p in periods if p.start <= self.today]
        if not periods:
            self.add_error(None, _("These periods have not started yet."))
            return last_months(self.today, 12)
        if len(periods) > MAX_PERIODS:
            self.add_error(
                None,
                _("Show at most %(n)s periods: choose fewer or longer ones.") % {"n": MAX_PERIODS},
            )
            return last_months(self.today, 12)
        return periods

    def query(self) -> str:
        """The picker's choice as a query string, for the export links."""
        return urlencode({k: self.data.get(k, "") for k in self.default})

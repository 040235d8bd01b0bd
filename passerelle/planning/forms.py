"""The planning documents' forms: each field named after the key of what it answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelle.planning import maturity, platforms, readiness
from passerelle.planning.models import Level, Rating, Risk

OWN_FACTORS = 3  # Empty rows offered for the organisation's own factors on each save.


class ReadinessForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, text in readiness.STATEMENTS:
            self.fields[f"answer_{key}"] = forms.ChoiceField(
                label=text, choices=readiness.ANSWERS, widget=forms.RadioSelect, required=False
            )
            self.fields[f"explanation_{key}"] = forms.CharField(
                label=_("Explanations / details"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
            )
        self.fields["purposes"] = forms.MultipleChoiceField(
            label=_("Purposes"),
            choices=readiness.PURPOSES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["purpose_other"] = forms.CharField(
            label=_("Other purpose"), required=False, max_length=500
        )

    @staticmethod
    def initial_from(data: dict) -> dict:
        initial = {
            "purposes": data.get("purposes", []),
            "purpose_other": data.get("purpose_other", ""),
        }
        for key, _t, answer, explanation in readiness.answers_of(data):
            initial[f"answer_{key}"], initial[f"explanation_{key}"] = answer, explanation
        return initial

    def statements(self):
        """(statement, answer field, explanation field) for the template."""
        return [
            (text, self[f"answer_{key}"], self[f"explanation_{key}"])
            for key, text in readiness.STATEMENTS
        ]

    def to_service(self) -> dict:
        c = self.cleaned_data
        return {
            "answers": {
                key: (c[f"answer_{key}"], c[f"explanation_{key}"])
                for key in readiness.STATEMENT_KEYS
            },
            "purposes": c["purposes"],
            "purpose_other": c["purpose_other"],
        }


class PlatformForm(forms.Form):
    def __init__(self, *args, own_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        for key, text in platforms.FACTORS:
            self.fields[f"rating_{key}"] = forms.ChoiceField(
                label=text, choices=platforms.RATINGS, widget=forms.RadioSelect, required=False
            )
        self.own_count = own_count + OWN_FACTORS
        for n in range(self.own_count):
            self.fields[f"own_factor_{n}"] = forms.CharField(
                label=_("Your own factor"), required=False, max_length=300
            )
            self.fields[f"own_rating_{n}"] = forms.ChoiceField(
                label=_("Importance"), choices=[("", "—"), *platforms.RATINGS], required=False
            )

    @staticmethod
    def initial_from(data: dict) -> dict:
        initial = {f"rating_{k}": v for k, v in data.get("ratings", {}).items()}
        for n, own in enumerate(data.get("own", [])):
            initial[f"own_factor_{n}"], initial[f"own_rating_{n}"] = own["factor"], own["rating"]
        return initial

    def factors(self):
        return [(text, self[f"rating_{key}"]) for key, text in platforms.FACTORS]

    def own(self):
        return [(self[f"own_factor_{n}"], self[f"own_rating_{n}"]) for n in range(self.own_count)]

    def to_service(self) -> dict:
        c = self.cleaned_data
        return {
            "ratings": {k: c[f"rating_{k}"] for k in platforms.FACTOR_KEYS},
            "own": [(c[f"own_factor_{n}"], c[f"own_rating_{n}"]) for n in range(self.own_count)],
        }


class PolicyForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 18}), max_length=20000
    )


class RiskForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Risk.Category.choices)
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), choices=Level.choices, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact"), choices=Level.choices, coerce=int)
    residual = forms.ChoiceField(label=_("Residual rating"), choices=Rating.choices)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    review_on = forms.DateField(
        label=_("Review date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, languages=(), staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages) or ["en"]
        self.fields["owner"].choices = [("", "—"), *staff]
        for lang in self.languages:
            self.fields[f"risk_{lang}"] = forms.CharField(
                label=_("Risk (%(language)s)") % {"language": lang},
                widget=forms.Textarea(attrs={"rows": 2, "lang": lang, "dir": "auto"}),
                required=False,
                max_length=1000,
            )
            self.fields[f"mitigation_{lang}"] = forms.CharField(
                label=_("Mitigation (%(language)s)") % {"language": lang},
                widget=forms.Textarea(attrs={"rows": 3, "lang": lang, "dir": "auto"}),
                required=False,
                max_length=2000,
            )

    @staticmethod
    def initial_from(risk: Risk) -> dict:
        initial = {
            "category": risk.category,
            "likelihood": risk.likelihood,
            "impact": risk.impact,
            "residual": risk.residual,
            "owner": risk.owner_id,
            "review_on": risk.review_on,
        }
        for lang, text in risk.risk.items():
            initial[f"risk_{lang}"] = text
        for lang, text in risk.mitigation.items():
            initial[f"mitigation_{lang}"] = text
        return initial

    def texts(self):
        return [(self[f"risk_{lang}"], self[f"mitigation_{lang}"]) for lang in self.languages]

    def to_service(self) -> dict:
        c = self.cleaned_data
        return {
            "risk": {lang: c[f"risk_{lang}"] for lang in self.languages},
            "mitigation": {lang: c[f"mitigation_{lang}"] for lang in self.languages},
            "category": c["category"],
            "likelihood": c["likelihood"],
            "impact": c["impact"],
            "residual": c["residual"],
            "owner_id": c["owner"],
            "review_on": c["review_on"],
        }


class MaturityForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(value, f"{value} — {name}") for value, name, _m in maturity.LEVELS]
        for key, name in maturity.DOMAINS:
            self.fields[f"level_{key}"] = forms.TypedChoiceField(
                label=name, choices=choices, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"notes_{key}"] = forms.CharField(
                label=_("Notes"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def domains(self):
        return [
            (name, self[f"level_{key}"], self[f"notes_{key}"]) for key, name in maturity.DOMAINS
        ]

    def to_service(self) -> dict:
        c = self.cleaned_data
        return {
            "scores": {k: c[f"level_{k}"] for k in maturity.DOMAIN_KEYS},
            "notes": {k: c[f"notes_{k}"] for k in maturity.DOMAIN_KEYS},
        }

"""Staff forms: a survey from a template, its questions' texts per language, a wave."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelle.communities.texts import LANGUAGE_NAMES
from passerelle.surveys.models import Kind, SurveyWave
from passerelle.surveys.templates_builtin import TEMPLATES


class SurveyCreateForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.key, t.name) for t in TEMPLATES.values()]
        self.fields["languages"].choices = [
            (lang, LANGUAGE_NAMES.get(lang, lang)) for lang in service.languages or ["en"]
        ]
        self.fields["languages"].initial = list(service.languages or ["en"])


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.Form):
    """One question: its key, kind, text and options per language, skip, branching."""

    key = forms.SlugField(label=_("Key"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    optional = forms.BooleanField(label=_("Can be skipped (0)"), required=False)
    skip_if = forms.CharField(label=_("If the answer is"), max_length=60, required=False)
    skip_to = forms.CharField(label=_("skip to the question"), max_length=40, required=False)
    delete = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, languages, question=None, **kwargs):
        self.languages = languages
        self.question = question
        initial = kwargs.pop("initial", None) or {}
        if question is not None:
            initial.update(
                key=question.key,
                kind=question.kind,
                optional=question.optional,
                skip_if=question.skip_if,
                skip_to=question.skip_to,
            )
        super().__init__(*args, initial=initial, **kwargs)
        for lang in languages:
            self.fields[f"text_{lang}"] = forms.CharField(
                label=_("Question (%(lang)s)") % {"lang": lang},
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto", "lang": lang}),
                required=False,
                initial=(question.text.get(lang, "") if question else ""),
            )
            self.fields[f"options_{lang}"] = forms.CharField(
                label=_("Options (%(lang)s), one a line") % {"lang": lang},
                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto", "lang": lang}),
                required=False,
                initial="\n".join(
                    o["labels"].get(lang, "") for o in (question.options if question else [])
                ),
            )

    def text_fields(self):
        return [(self[f"text_{lang}"], self[f"options_{lang}"]) for lang in self.languages]

    def as_question(self) -> dict:
        """The question's fields for services.survey_update."""
        data = self.cleaned_data
        text = {lang: data[f"text_{lang}"].strip() for lang in self.languages}
        labels = {lang: _lines(data[f"options_{lang}"]) for lang in self.languages}
        count = max((len(v) for v in labels.values()), default=0)
        old = self.question.options if self.question else []
        options = []
        for index in range(count):
            value = old[index]["value"] if index < len(old) else f"option_{index + 1}"
            options.append(
                {
                    "value": value,
                    "labels": {
                        lang: labels[lang][index]
                        for lang in self.languages
                        if index < len(labels[lang])
                    },
                }
            )
        return {
            "key": data["key"],
            "kind": data["kind"],
            "text": {k: v for k, v in text.items() if v},
            "options": options if data["kind"] in ("choice", "multi") else [],
            "optional": data["optional"],
            "skip_if": data["skip_if"].strip(),
            "skip_to": data["skip_to"].strip(),
        }


class WaveForm(forms.Form):
    trigger = forms.ChoiceField(
        label=_("Who is asked, and when"),
        choices=SurveyWave.Trigger.choices,
        initial=SurveyWave.Trigger.SCHEDULED,
        widget=forms.RadioSelect,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Members who speak"), required=False, widget=forms.CheckboxSelectMultiple
    )
    platforms = forms.MultipleChoiceField(
        label=_("Members reachable on"), required=False, widget=forms.CheckboxSelectMultiple
    )
    joined_after = forms.DateField(
        label=_("Joined on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    joined_before = forms.DateField(
        label=_("Joined on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    intake = forms.CharField(label=_("Intake answer (key=value)"), required=False, max_length=200)
    scheduled_at = forms.DateTimeField(
        label=_("Send at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    repeat_months = forms.IntegerField(
        label=_("Repeat every N months"), required=False, min_value=1, max_value=24
    )
    open_days = forms.IntegerField(
        label=_("Days to answer"), initial=14, min_value=1, max_value=90, required=False
    )
    opening_template = forms.TypedChoiceField(
        label=_("WhatsApp template that opens the survey"),
        help_text=_(
            "Sent to members reachable only on WhatsApp who wrote more than 24 hours ago; "
            "their first question follows when they reply. Without one they are not asked."
        ),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, service, platforms, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [
            (lang, LANGUAGE_NAMES.get(lang, lang)) for lang in service.languages or ["en"]
        ]
        self.fields["platforms"].choices = [(p, p) for p in platforms]
        self.templates = {t.pk: t for t in templates}
        self.fields["opening_template"].choices = [("", _("None"))] + [
            (t.pk, f"{t.name} ({t.language}) — {t.channel.name}") for t in templates
        ]

    def clean_trigger(self):
        return self.cleaned_data.get("trigger") or SurveyWave.Trigger.SCHEDULED

    def clean_opening_template(self):
        pk = self.cleaned_data.get("opening_template")
        return self.templates.get(pk) if pk is not None else None

    def audience(self) -> dict:
        if self.is_bound:
            self.is_valid()  # the fields that are valid count, as the picker is being filled
        data = getattr(self, "cleaned_data", {})
        intake = {}
        if "=" in (data.get("intake") or ""):
            key, value = data["intake"].split("=", 1)
            intake = {key.strip(): value.strip()}
        return {
            "languages": data.get("languages") or [],
            "platforms": data.get("platforms") or [],
            "joined_after": data.get("joined_after").isoformat()
            if data.get("joined_after")
            else "",
            "joined_before": data.get("joined_before").isoformat()
            if data.get("joined_before")
            else "",
            "intake": intake,
        }

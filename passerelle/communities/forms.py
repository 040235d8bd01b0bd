"""Forms of the administrator pages: guidelines versions, join questions, join settings.

Texts members read are entered once per service language, so every form builds its
fields from the service's languages.
"""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from passerelle.common.language_fields import add_language_fields, language_texts
from passerelle.communities.models import IntakeQuestion, ServicePolicy
from passerelle.communities.texts import LANGUAGE_NAMES
from passerelle.orgs.models import Service


def _lang_label(label, code):
    return f"{label} ({LANGUAGE_NAMES.get(code, code)})"


def _per_language(form, name, label, languages, *, required=False, rows=2, initial=None):
    for code in languages:
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=_lang_label(label, code),
            required=required,
            initial=(initial or {}).get(code, ""),
            widget=forms.Textarea(attrs={"rows": rows, "dir": "auto", "lang": code}),
        )


def _collect(data, name, languages) -> dict:
    return {code: data.get(f"{name}_{code}", "") for code in languages}


class IntroForm(forms.Form):
    def __init__(self, *args, languages=(), initial_texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        _per_language(
            self, "intro", _("Introduction"), self.languages, rows=3, initial=initial_texts
        )

    def texts(self) -> dict:
        return _collect(self.cleaned_data, "intro", self.languages)


class ClauseForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        required=False,
        help_text=_("Stable name a warning cites, e.g. off_topic."),
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        _per_language(self, "title", _("Title"), self.languages, rows=1)
        _per_language(self, "text", _("Text"), self.languages, rows=3)

    def clause(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("key"):
            return None
        return {
            "key": data["key"],
            "title": _collect(data, "title", self.languages),
            "text": _collect(data, "text", self.languages),
        }


ClauseFormSet = formset_factory(ClauseForm, extra=1, can_delete=True)


def clause_initial(guidelines, languages) -> list[dict]:
    """Formset initial data from a published version's clauses."""
    rows = []
    for clause in getattr(guidelines, "clauses", None) or []:
        row = {"key": clause["key"]}
        for code in languages:
            row[f"title_{code}"] = (clause.get("title") or {}).get(code, "")
            row[f"text_{code}"] = (clause.get("text") or {}).get(code, "")
        rows.append(row)
    return rows


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ServicePolicy
        fields = [
            "auto_accept",
            "intake_reminder_hours",
            "intake_timeout_hours",
            "warnings_before_removal",
            "warning_expiry_days",
            "auto_remove",
            "announce_removals",
            "announce_removed_name",
            "exit_feedback",
        ]


class QuestionForm(forms.ModelForm):
    choice_lines = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Choice questions: one per line, value | label in each language, in the "
            "order of the service's languages."
        ),
    )
    qualifying_text = forms.CharField(
        label=_("Answers that make a person eligible"),
        required=False,
        help_text=_("Comma-separated values (e.g. yes). Leave empty if any answer is fine."),
    )

    class Meta:
        model = IntakeQuestion
        fields = ["key", "position", "kind", "required", "is_active"]

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        question = self.instance
        _per_language(
            self,
            "prompt",
            _("Question"),
            self.languages,
            required=True,
            rows=2,
            initial=question.prompts if question.pk else None,
        )
        if question.pk:
            self.fields["choice_lines"].initial = "\n".join(
                " | ".join(
                    [c["value"]] + [c.get("labels", {}).get(code, "") for code in self.languages]
                )
                for c in question.choices
            )
            self.fields["qualifying_text"].initial = ", ".join(question.qualifying)
        self.order_fields(
            ["key", "position", "kind"]
            + [f"prompt_{code}" for code in self.languages]
            + ["required", "is_active", "choice_lines", "qualifying_text"]
        )

    def clean(self):
        data = super().clean()
        choices = []
        for line in (data.get("choice_lines") or "").splitlines():
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                continue
            labels = {
                code: (parts[i + 1] if i + 1 < len(parts) else "") or parts[0]
                for i, code in enumerate(self.languages)
            }
            choices.append({"value": parts[0], "labels": labels})
        if data.get("kind") == IntakeQuestion.Kind.CHOICE and len(choices) < 2:
            raise forms.ValidationError(_("A choice question needs at least two choices."))
        self.instance.choices = choices
        self.instance.prompts = {
            code: text.strip() for code, text in _collect(data, "prompt", self.languages).items()
        }
        self.instance.qualifying = [
            v.strip() for v in (data.get("qualifying_text") or "").split(",") if v.strip()
        ]
        return data


# What each editable text is, in the administrator's words (the key is an internal code).
TEXT_LABELS = {
    "welcome": _("Welcome message"),
    "group_description": _("Group description"),
    "off_topic_places": _("Better places for other topics (off-topic protocol)"),
    "privacy_notice": _("Privacy notice"),
    "one_way_refused": _("Note to a member whose group post was refused (one-way service)"),
}


class ServiceTextForm(forms.Form):
    def __init__(self, *args, key="", languages=(), initial_texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.key, self.languages = key, list(languages)
        self.label = TEXT_LABELS.get(key, key)
        _per_language(self, "text", self.label, self.languages, rows=4, initial=initial_texts)

    def texts(self) -> dict:
        return _collect(self.cleaned_data, "text", self.languages)


class ModeForm(forms.Form):
    """Who posts in the group: everyone (interactive), only staff (one-way), or nobody
    (one-to-one services have no group)."""

    mode = forms.ChoiceField(label=_("Who posts in the group"), choices=Service.Mode.choices)


class PurposeForm(forms.Form):
    """What the service is for, one input per language of the service (default first)."""

    def __init__(self, *args, languages=(), initial_texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(dict.fromkeys(languages or ["en"]))
        add_language_fields(
            self,
            "purpose",
            languages=self.languages,
            label=_("Purpose of the service"),
            initial=initial_texts,
            textarea_rows=3,
        )

    def clean(self):
        cleaned = super().clean()
        self.purpose = language_texts(self, "purpose", languages=self.languages)
        return cleaned

"""The case settings of a one-to-one service: what it tells clients and whom it alerts."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from passerelle.cases.selectors import caseworkers
from passerelle.common.language_fields import add_language_fields, language_texts

# (field, label, rows): texts typed once per language of the service.
TEXTS = (
    ("emergency_resources", _("Emergency resources (shown on an urgent file)"), 4),
    ("in_person_invitation", _("In-person invitation (address, hours, how to book)"), 4),
    ("acceptable_topics", _("Topics the service answers (re-sent when off topic)"), 4),
    ("consent_text", _("Consent text clients agree to"), 6),
    ("urgent_keywords", _("Words that suggest urgency, separated by commas"), 2),
)


class CaseSettingsForm(forms.Form):
    consent_version = forms.CharField(
        label=_("Consent text version"),
        max_length=40,
        required=False,
        help_text=_("Change it when the consent text changes: each consent records it."),
    )
    on_call = forms.MultipleChoiceField(
        label=_("On call: alerted by e-mail when a message is marked urgent"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.CharField(
        label=_("Settlement goals caseworkers pick from, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, service, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.service, self.settings = service, settings
        self.languages = list(dict.fromkeys(service.languages or ["en"]))
        for name, label, rows in TEXTS:
            value = getattr(settings, name) or {}
            if name == "urgent_keywords":
                value = {k: ", ".join(v) if isinstance(v, list) else v for k, v in value.items()}
            add_language_fields(
                self, name, languages=self.languages, label=label, initial=value, textarea_rows=rows
            )
        self.fields["on_call"].choices = [
            (str(u.pk), u.get_full_name() or u.email) for u in caseworkers(service)
        ]
        self.fields["consent_version"].initial = settings.consent_version
        self.fields["on_call"].initial = (
            [str(pk) for pk in settings.on_call.values_list("pk", flat=True)] if settings.pk else []
        )
        self.fields["goals"].initial = "\n".join(
            str((g.get("label") or {}).get(service.default_language) or g.get("key", ""))
            for g in settings.goals or []
            if isinstance(g, dict)
        )

    def clean_goals(self):
        # A goal's key stays the one it was saved with, so files that picked it keep it.
        known = {
            str((g.get("label") or {}).get(self.service.default_language, "")): g
            for g in self.settings.goals or []
            if isinstance(g, dict)
        }
        goals, keys = [], set()
        for line in self.cleaned_data["goals"].splitlines():
            label = line.strip()[:200]
            if not label:
                continue
            goal = known.get(label) or {
                "key": slugify(label)[:40] or f"goal-{len(goals) + 1}",
                "label": {self.service.default_language: label},
            }
            if goal["key"] in keys:
                raise forms.ValidationError(_("“%(goal)s” is listed twice.") % {"goal": label})
            keys.add(goal["key"])
            goals.append(goal)
        return goals

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.values = self._values()
        return cleaned

    def _values(self) -> dict:
        """The settings' new values, texts per language (other languages' texts kept)."""
        values = {"consent_version": self.cleaned_data["consent_version"].strip()}
        values["goals"] = self.cleaned_data["goals"]
        for name, _label, _rows in TEXTS:
            typed = language_texts(self, name, languages=self.languages)
            if name == "urgent_keywords":
                typed = {
                    code: [w.strip() for w in text.split(",") if w.strip()]
                    for code, text in typed.items()
                }
            kept = {
                code: text
                for code, text in (getattr(self.settings, name) or {}).items()
                if code not in self.languages
            }
            values[name] = {**kept, **typed}
        values["on_call"] = [int(pk) for pk in self.cleaned_data["on_call"]]
        return values

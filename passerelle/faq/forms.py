"""FAQ entry form: one phrasings box and one answer box per language of the service."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.faq.models import FaqEntry
from passerelle.faq.services import REVIEW_AFTER

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def entry_languages(service) -> list[str]:
    """The service's languages, then en/fr/ar so shipped languages are always offered."""
    return list(dict.fromkeys([*service.languages, "en", "fr", "ar"]))


class FaqEntryForm(forms.ModelForm):
    source_url = forms.URLField(
        label=gettext_lazy("source link"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = FaqEntry
        fields = [
            "title",
            "source_name",
            "source_url",
            "last_verified_on",
            "review_by",
            "is_active",
        ]
        help_texts = {"title": gettext_lazy("For moderators: a short name.")}
        widgets = {
            "last_verified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = entry_languages(service)
        self.service = service
        today = timezone.localdate(timezone=service.tz)
        if not self.instance.pk:
            self.initial.setdefault("last_verified_on", today)
            self.initial.setdefault("review_by", today + REVIEW_AFTER)
        existing = {}
        if self.instance.pk:
            for phrasing in self.instance.phrasings.all():
                existing.setdefault(phrasing.language, []).append(phrasing.text)
        for lang in self.languages:
            name = LANGUAGE_NAMES.get(lang, lang)
            self.fields[f"phrasings_{lang}"] = forms.CharField(
                label=_("How members ask it in %(language)s (one way a line)") % {"language": name},
                required=False,
                initial="\n".join(existing.get(lang, [])),
                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto", "lang": lang}),
            )
            self.fields[f"answer_{lang}"] = forms.CharField(
                label=_("Answer in %(language)s") % {"language": name},
                required=False,
                initial=(self.instance.answers or {}).get(lang, ""),
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4, "dir": "auto", "lang": lang}),
            )

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def language_fields(self):
        return [
            (lang, self[f"phrasings_{lang}"], self[f"answer_{lang}"]) for lang in self.languages
        ]

    def phrasings(self) -> dict[str, list[str]]:
        return {
            lang: self.cleaned_data.get(f"phrasings_{lang}", "").splitlines()
            for lang in self.languages
        }

    def clean(self):
        cleaned = super().clean()
        verified, review = cleaned.get("last_verified_on"), cleaned.get("review_by")
        if verified and review and review <= verified:
            self.add_error("review_by", _("The review date must come after the verification."))
        if verified and verified > timezone.localdate(timezone=self.service.tz) + timedelta(days=1):
            self.add_error("last_verified_on", _("An answer cannot be verified in the future."))
        if not any(cleaned.get(f"phrasings_{lang}", "").strip() for lang in self.languages):
            self.add_error(
                f"phrasings_{self.languages[0]}",
                _("Write at least one way members ask this question."),
            )
        answers = {lang: cleaned.get(f"answer_{lang}", "").strip() for lang in self.languages}
        if not any(answers.values()):
            self.add_error(
                f"answer_{self.languages[0]}", _("Write the answer in at least one language.")
            )
        self.instance.answers = {lang: text for lang, text in answers.items() if text}
        return cleaned

"""Staff forms: the composer (type, a text per language, audience, when), post types, and
the two announcements."""

from __future__ import annotations

import copy
import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelle.common.language_fields import add_language_fields, field_name
from passerelle.communities.texts import LANGUAGE_NAMES
from passerelle.posts.models import Post
from passerelle.posts.selectors import type_name
from passerelle.surveys.forms import WaveForm

# A segment is picked as a survey wave's audience is: the same fields, read the same way.
SEGMENT_FIELDS = ("languages", "platforms", "joined_after", "joined_before", "intake")
MAX_MEDIA = 2000


class PostForm(forms.Form):
    post_type = forms.ChoiceField(label=_("Type"))
    text = forms.CharField(required=False)  # replaced by one field per language
    audience = forms.ChoiceField(
        label=_("Who gets it"),
        choices=Post.Audience.choices,
        initial=Post.Audience.GROUP,
        widget=forms.RadioSelect,
    )
    services = forms.MultipleChoiceField(
        label=_("Also send it in these services (each to its own group or members)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scheduled_at = forms.DateTimeField(
        label=_("Send at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    whatsapp_template = forms.TypedChoiceField(
        label=_("WhatsApp template for members outside the 24-hour window"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    # The attachment, as staff uploads give it (a JSON media dict); the upload widget fills it.
    media = forms.CharField(required=False, widget=forms.HiddenInput, max_length=MAX_MEDIA)

    segment = WaveForm.audience

    def __init__(self, *args, service, post_types, other_services=(), templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.languages = list(service.languages or ["en"])
        self.post_types = {t.slug: t for t in post_types}
        self.fields["post_type"].choices = [(t.slug, type_name(t)) for t in post_types]
        add_language_fields(
            self,
            "text",
            languages=self.languages,
            label=_("Text"),
            initial=self.initial.get("texts"),
            textarea_rows=5,
        )
        for name in SEGMENT_FIELDS:
            self.fields[name] = copy.deepcopy(WaveForm.base_fields[name])
        self.fields["languages"].choices = [
            (lang, LANGUAGE_NAMES.get(lang, lang)) for lang in self.languages
        ]
        self.fields["platforms"].choices = [
            (p, p) for p in ("telegram", "whatsapp", "messenger", "tel", "webchat", "sim")
        ]
        self.other_services = {str(s.pk): s for s in other_services}
        self.fields["services"].choices = [(k, s.name) for k, s in self.other_services.items()]
        if not self.other_services:
            del self.fields["services"]
        self.templates = {t.pk: t for t in templates}
        self.fields["whatsapp_template"].choices = [("", _("None"))] + [
            (t.pk, f"{t.name} ({t.language}) — {t.channel.name}") for t in templates
        ]

    def clean_post_type(self):
        post_type = self.post_types.get(self.cleaned_data["post_type"])
        if post_type is None:
            raise forms.ValidationError(_("Choose a type."))
        return post_type

    def clean_scheduled_at(self):
        # Typed in the service's time zone (Django read it in the current one).
        value = self.cleaned_data.get("scheduled_at")
        if value is not None:
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            value = timezone.make_aware(value, self.service.tz)
        return value

    def clean_whatsapp_template(self):
        pk = self.cleaned_data.get("whatsapp_template")
        return self.templates.get(pk) if pk is not None else None

    def clean_media(self):
        raw = (self.cleaned_data.get("media") or "").strip()
        if not raw:
            return {}
        try:
            media = json.loads(raw)
        except ValueError:
            media = None
        if not isinstance(media, dict):
            raise forms.ValidationError(_("The attachment could not be read: add it again."))
        return media

    def clean(self):
        data = super().clean()
        # Any of the service's languages will do: a reader without their language's text gets
        # the next one in the service's order (posts.languages).
        data["texts"] = {
            code: value.strip()
            for code in self.languages
            if (value := data.get(field_name("text", code)) or "").strip()
        }
        if not data["texts"] and not self.errors:
            self.add_error(None, _("Write the post in at least one language."))
        data["chosen_services"] = [self.service] + [
            self.other_services[k] for k in data.get("services") or [] if k in self.other_services
        ]
        return data

    def texts_typed(self) -> dict:
        """The texts as typed so far (the composer's counts, before the form is valid)."""
        out = {}
        for code in self.languages:
            value = (self.data.get(field_name("text", code)) or "").strip()
            if value:
                out[code] = value
        return out


class PostTypeForm(forms.Form):
    text = forms.CharField(required=False)

    def __init__(self, *args, languages, names=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        add_language_fields(
            self, "text", languages=self.languages, label=_("Name"), initial=names, max_length=80
        )

    def names(self) -> dict:
        """The names typed, {language: name}: any language will do (a reader without theirs
        gets the first one)."""
        return {
            code: value.strip()
            for code in self.languages
            if (value := self.cleaned_data.get(field_name("text", code)) or "").strip()
        }


class MoveForm(forms.Form):
    channel = forms.CharField(
        label=_("The new channel (for example: our new Telegram group)"), max_length=120
    )
    link = forms.URLField(label=_("Its join link"), max_length=300, assume_scheme="https")
    until = forms.DateField(
        label=_("We still read this channel until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ClosingForm(forms.Form):
    closes_on = forms.DateField(
        label=_("The service closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )

"""The set-up wizard's steps and the Service settings forms.

The service standard step is questions' own form (ServiceStandardForm), without the two
fields the wizard asks elsewhere: the time zone is the service's, the province comes
with it on the "time zone and mode" step.
"""

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from passerelle.common.language_fields import add_language_fields, language_texts
from passerelle.communities.texts import LANGUAGE_NAMES
from passerelle.orgs.models import Role, Service
from passerelle.questions.forms import PROVINCES, ServiceStandardForm

LANGUAGE_CHOICES = [(code, name) for code, name in LANGUAGE_NAMES.items()]
# Canada's zones first; any other IANA name may be typed on Service settings.
TIME_ZONES = [
    "America/St_Johns",
    "America/Halifax",
    "America/Moncton",
    "America/Toronto",
    "America/Winnipeg",
    "America/Regina",
    "America/Edmonton",
    "America/Vancouver",
    "America/Whitehorse",
    "America/Yellowknife",
    "America/Iqaluit",
]
GUIDELINES_CHOICES = [
    ("interactive", _("Interactive community group")),
    ("case_management", _("One-to-one case management policy")),
    ("", _("None for now: I will write them later")),
]
MAX_LANGUAGES = 3


class LanguagesMixin:
    """Languages in their order: a select per rank, the first one required."""

    def add_language_ranks(self, initial=None):
        initial = list(initial or [])
        for rank in range(MAX_LANGUAGES):
            self.fields[f"language_{rank + 1}"] = forms.ChoiceField(
                label=[
                    _("First language (the default)"),
                    _("Second language"),
                    _("Third language"),
                ][rank],
                choices=([] if rank == 0 else [("", "—")]) + LANGUAGE_CHOICES,
                required=rank == 0,
                initial=initial[rank] if rank < len(initial) else "",
            )

    def ordered_languages(self) -> list[str]:
        picked = [self.cleaned_data.get(f"language_{r + 1}") for r in range(MAX_LANGUAGES)]
        picked = [code for code in picked if code]
        if len(set(picked)) != len(picked):
            raise ValidationError(_("Choose each language once."))
        return picked


class ServiceStepForm(LanguagesMixin, forms.Form):
    """Step 1: which organisation, the name, the address and the languages."""

    org = forms.ChoiceField(label=_("Organisation"))
    name = forms.CharField(label=_("Name of the service"), max_length=200)
    slug = forms.SlugField(
        label=_("Short address"),
        max_length=50,
        help_text=_("Letters, digits and hyphens; it appears in the service's links."),
    )

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(str(o.pk), o.name) for o in orgs]
        self.add_language_ranks()

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Service.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another service already uses this address."))
        return slug

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            cleaned["languages"] = self.ordered_languages()
        return cleaned


PLANNING_QUESTIONS = [
    ("who", _("Who is the service for?")),
    ("gap", _("Which gap in services does it fill?")),
    ("evidence", _("What evidence shows the need?")),
    ("partners", _("Which partners take part, and how?")),
]
DISCUSSION_CHOICES = [
    ("one_way", _("Sharing information one way")),
    ("discussion", _("A discussion among members")),
    ("one_to_one", _("Conversations with one person at a time")),
]


class PurposeStepForm(forms.Form):
    """Step 2: the toolkit's questions (chapter 4.1) and the purpose members read."""

    audience = forms.CharField(
        label=_("Audience, in a sentence"),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    discussion = forms.ChoiceField(
        label=_("One-way information or discussion?"),
        choices=DISCUSSION_CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages or ["en"])
        for key, label in PLANNING_QUESTIONS:
            self.fields[key] = forms.CharField(
                label=label,
                required=key != "partners",
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            )
        add_language_fields(
            self,
            "purpose",
            languages=self.languages,
            label=_("Purpose of the service, as members read it"),
            textarea_rows=3,
        )
        self.order_fields(
            ["who", "gap", "evidence", "discussion", "partners", "audience"]
            + [name for name in self.fields if name.startswith("purpose")]
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["purpose"] = language_texts(
            self, "purpose", languages=self.languages, required=True
        )
        cleaned["planning_answers"] = {
            key: cleaned.get(key, "").strip()
            for key in ["who", "gap", "evidence", "discussion", "partners"]
        }
        return cleaned


class PlaceStepForm(forms.Form):
    """Step 3: time zone, province (its holidays) and mode."""

    timezone = forms.ChoiceField(
        label=_("Time zone"), choices=[(tz, tz) for tz in TIME_ZONES], initial="America/Toronto"
    )
    subdivision = forms.ChoiceField(
        label=_("Province or territory (holidays)"), choices=PROVINCES, required=False
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=Service.Mode.choices,
        initial=Service.Mode.INTERACTIVE,
        widget=forms.RadioSelect,
    )


class StandardStepForm(ServiceStandardForm):
    """Step 4: questions' service standard form, the time zone and province left out."""

    subdivision = None

    class Meta(ServiceStandardForm.Meta):
        fields = [
            f for f in ServiceStandardForm.Meta.fields if f not in ("timezone", "subdivision")
        ]


class GuidelinesStepForm(forms.Form):
    """Step 5: the guidelines to start from, in the service's languages."""

    template = forms.ChoiceField(
        label=_("Guidelines"), choices=GUIDELINES_CHOICES, required=False, widget=forms.RadioSelect
    )


class ReviewStepForm(forms.Form):
    """Step 6: nothing to fill in; the button creates the service."""


class GeneralForm(LanguagesMixin, forms.Form):
    """Service settings: name, audience, languages in order, time zone."""

    name = forms.CharField(label=_("Name of the service"), max_length=200)
    audience = forms.CharField(
        label=_("Audience"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    timezone = forms.CharField(label=_("Time zone"), max_length=64)

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_language_ranks(languages)
        self.order_fields(["name", "audience", "language_1", "language_2", "language_3"])

    def clean_timezone(self):
        value = self.cleaned_data["timezone"].strip()
        if value not in zoneinfo.available_timezones():
            raise ValidationError(_("Unknown time zone: %(tz)s") % {"tz": value})
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            cleaned["languages"] = self.ordered_languages()
        return cleaned


class PlanningForm(forms.Form):
    """Service settings: the toolkit's planning answers given at set-up."""

    discussion = forms.ChoiceField(
        label=_("One-way information or discussion?"), choices=DISCUSSION_CHOICES, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in PLANNING_QUESTIONS:
            self.fields[key] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
            )
        self.order_fields(["who", "gap", "evidence", "discussion", "partners"])


class VolunteersForm(forms.Form):
    volunteers_see_private = forms.BooleanField(
        label=_("Volunteers may see intake answers and private files"),
        required=False,
        help_text=_(
            "Off: volunteers moderate and answer, but members' answers to the join questions "
            "and the files they send privately stay hidden from them."
        ),
    )


class AssistanceForm(forms.Form):
    """One box per part of the language assistance (orgs.models.ASSISTANCE_PARTS)."""

    language = forms.BooleanField(
        label=_("Language of each message"),
        required=False,
        help_text=_("Shown on each member's message, used to answer and for the statistics."),
    )
    faq = forms.BooleanField(
        label=_("Suggested FAQ answers"),
        required=False,
        help_text=_("The FAQ entries closest to a question, whatever its language."),
    )
    labels = forms.BooleanField(
        label=_("Suggested labels"),
        required=False,
        help_text=_("Learnt from this service's own labelled messages."),
    )
    personal_details = forms.BooleanField(
        label=_("Personal details in group posts"),
        required=False,
        help_text=_(
            "Phone numbers, e-mail addresses, links, UCI and application numbers, SINs and "
            "postal codes go to the moderation queue, suggesting a private conversation."
        ),
    )
    offensive = forms.BooleanField(
        label=_("Possibly offensive group posts"),
        required=False,
        help_text=_("Flagged to the moderation queue for a person to read; nothing is done alone."),
    )
    transcripts = forms.BooleanField(
        label=_("Draft transcripts of voice notes"),
        required=False,
        help_text=_("Not available in this version (docs/nlp.md, Voice notes)."),
        disabled=True,
    )


ROLE_CHOICES = [
    (Role.ADMIN, _("Administrator")),
    (Role.MODERATOR, _("Moderator")),
    (Role.VOLUNTEER, _("Volunteer")),
    (Role.PARTNER, _("Partner specialist")),
    (Role.VIEWER, _("Viewer")),
]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Role.MODERATOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

"""Forms of the client file: its fields, status, notes, calls, consent, enrolment."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from passerelle.cases.models import CallLog, ClientFile
from passerelle.cases.selectors import case_settings_for, caseworkers
from passerelle.common.text import pick_text
from passerelle.members.models import ConsentEvent
from passerelle.members.templatetags.member_tags import language_name

# Languages a client may speak besides the service's own (most asked for by newcomers to
# Canada); the file keeps codes, the form names each in itself.
COMMON_LANGUAGES = ("ar", "en", "fr", "es", "fa", "prs", "ps", "uk", "ru", "ti", "so", "zh", "tl")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def language_choices(service, current=()) -> list[tuple[str, str]]:
    codes = dict.fromkeys([*(service.languages or []), *current, *COMMON_LANGUAGES])
    return [(code, language_name(code)) for code in codes]


def goal_choices(service) -> list[tuple[str, str]]:
    """The service's short list of settlement goals, each in the reader's language."""
    settings = case_settings_for(service)
    reader = (get_language() or "en").split("-")[0]
    return [
        (goal["key"], str(pick_text(goal.get("label") or {}, reader, service.default_language)))
        for goal in (settings.goals if settings else [])
        if isinstance(goal, dict) and goal.get("key")
    ]


class ClientFileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    preferred_times = forms.CharField(
        label=_("Preferred times"),
        required=False,
        max_length=200,
        help_text=_("e.g. weekday mornings, not Fridays"),
    )
    help_way = forms.ChoiceField(
        label=_("Preferred way to get help"), choices=ClientFile.HelpWay.choices
    )
    digital_skills = forms.ChoiceField(
        label=_("Digital skills"), choices=ClientFile.Skills.choices, required=False
    )
    goals = forms.MultipleChoiceField(
        label=_("Settlement goals"), required=False, widget=forms.CheckboxSelectMultiple
    )
    goals_text = forms.CharField(
        label=_("Goals in the client's words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    emergency_contacts = forms.CharField(
        label=_("Emergency contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Name, relation and phone number of each person to call."),
    )
    caseworker = forms.ModelChoiceField(
        label=_("Caseworker"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, file: ClientFile, **kwargs):
        initial = {
            "name": file.member.display_name,
            "caseworker": file.caseworker_id,
            **{f: getattr(file, f) for f in ("languages", "preferred_times", "help_way")},
            **{f: getattr(file, f) for f in ("digital_skills", "goals", "goals_text")},
            "emergency_contacts": file.emergency_contacts,
        }
        super().__init__(*args, initial=initial, **kwargs)
        service = file.service
        self.fields["languages"].choices = language_choices(service, file.languages)
        known = goal_choices(service)
        # A goal the service no longer lists stays on the file, shown by its key.
        known += [(g, g) for g in file.goals if g not in dict(known)]
        self.fields["goals"].choices = known
        self.fields["caseworker"].queryset = caseworkers(service)
        self.fields["caseworker"].label_from_instance = lambda u: u.get_full_name() or u.email


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ClientFile.Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Needed to pause, limit or close the file; no personal details."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Case note"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class CallForm(forms.Form):
    kind = forms.ChoiceField(label=_("Call"), choices=CallLog.Kind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


def _partner_field():
    field = forms.ModelChoiceField(
        label=_("Partner (for sharing)"), queryset=None, required=False, empty_label="—"
    )
    return field


class ConsentForm(forms.Form):
    HOW = [
        ("paper", _("Signed on paper (attach the scan)")),
        ("verbal", _("Said aloud, noted by me")),
    ]
    ACTIONS = [
        (ConsentEvent.Action.GIVEN, _("Agreed")),
        (ConsentEvent.Action.DECLINED, _("Declined")),
        (ConsentEvent.Action.WITHDRAWN, _("Withdrew")),
    ]
    purpose = forms.ChoiceField(
        label=_("Consent to"),
        choices=[(p, ConsentEvent.Purpose(p).label) for p in ConsentEvent.CASE],
    )
    partner = _partner_field()
    action = forms.ChoiceField(label=_("The client"), choices=ACTIONS)
    how = forms.ChoiceField(label=_("How"), choices=HOW)
    document = forms.FileField(label=_("Signed form"), required=False)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class ConsentRequestForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Ask the client to agree to"),
        choices=[(p, ConsentEvent.Purpose(p).label) for p in ConsentEvent.CASE],
    )
    partner = _partner_field()

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["partner"].widget.attrs["id"] = "id_request_partner"
        self.fields["purpose"].widget.attrs["id"] = "id_request_purpose"


class EnrolPhoneForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr"}),
    )
    language = forms.ChoiceField(label=_("Language"))
    channel = forms.ChoiceField(label=_("First message through"))
    template = forms.ChoiceField(label=_("Approved WhatsApp template"), required=False)
    text = forms.CharField(
        label=_("First message (SMS)"),
        required=False,
        max_length=1600,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, service, channels, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, language_name(code)) for code in service.languages or ["en"]
        ]
        self.fields["channel"].choices = [(str(c.pk), c.name) for c in channels]
        self.fields["template"].choices = [("", "—")] + [
            (str(t.pk), f"{t.name} ({language_name(t.language.split('_')[0])})") for t in templates
        ]

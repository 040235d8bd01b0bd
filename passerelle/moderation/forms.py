"""Small forms behind the moderation buttons; clause choices come from the guidelines."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelle.communities.models import _pick
from passerelle.members.models import ConsentEvent
from passerelle.moderation.access import MAX_MUTE_HOURS
from passerelle.moderation.bans import DURATIONS


def clause_choices(guidelines, language: str, *, blank: bool = False) -> list[tuple[str, str]]:
    """(key, "3. Off-topic posts") for each clause of a guidelines version."""
    choices = [("", "—")] if blank else []
    for number, clause in enumerate(getattr(guidelines, "clauses", None) or [], start=1):
        choices.append((clause["key"], f"{number}. {_pick(clause.get('title'), language)}"))
    return choices


class _ClauseForm(forms.Form):
    clause_required = True
    # Several of these forms share a page (warn, delete; warn, remove, mute): ids of their
    # own, so each label points at its own field. Field names (what is posted) stay.
    id_prefix = "clause_form"

    def __init__(self, *args, guidelines=None, language="en", **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        self.fields["clause"] = forms.ChoiceField(
            label=_("Guideline clause"),
            required=self.clause_required,
            # Always a blank first choice: a warning must cite a clause chosen on purpose.
            choices=clause_choices(guidelines, language, blank=True),
        )
        self.order_fields(["clause"])


class WarnForm(_ClauseForm):
    id_prefix = "warn"
    reason = forms.CharField(
        label=_("Note to the member (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RemoveForm(_ClauseForm):
    id_prefix = "remove"
    clause_required = False
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    announce = forms.BooleanField(label=_("Tell the group a member was removed"), required=False)


class MuteForm(_ClauseForm):
    id_prefix = "mute"
    clause_required = False
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=MAX_MUTE_HOURS, initial=24)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class DeleteForm(_ClauseForm):
    id_prefix = "delete"
    clause_required = False
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason the person will read"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConsentForm(forms.Form):
    """What the person said about one consent, recorded by staff (member page)."""

    HOW = [
        ("in_person", _("In person")),
        ("phone", _("By phone")),
        ("paper", _("On a signed paper form")),
        ("message", _("In a message")),
    ]
    ACTIONS = [
        (ConsentEvent.Action.GIVEN, _("Agreed")),
        (ConsentEvent.Action.WITHDRAWN, _("Withdrew")),
        (ConsentEvent.Action.DECLINED, _("Declined")),
    ]

    purpose = forms.ChoiceField(
        label=_("Consent"),
        choices=[(p, ConsentEvent.Purpose(p).label) for p in ConsentEvent.ASKED],
    )
    action = forms.ChoiceField(label=_("The person"), choices=ACTIONS)
    how = forms.ChoiceField(label=_("How they told us"), choices=HOW)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        help_text=_("e.g. form kept in the office file; no personal details."),
    )


class BanForm(_ClauseForm):
    clause_required = False
    days = forms.TypedChoiceField(label=_("How long"), coerce=int, choices=DURATIONS, initial=30)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

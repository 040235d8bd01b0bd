"""How each recipient of a wave's batch can be asked now: by a free-form first question, by
the wave's approved WhatsApp template, or not at all (and why).

The rule is the one staff replies follow (channels.replies): a destination blocked by an
opt-out or a blocked bot carries nothing; WhatsApp outside its 24-hour window carries only
an approved template, which then "opens" the survey — the first question is recorded in the
thread unsent, and the member's reply (which reopens the window) gets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from passerelle.channels.replies import destinations_open
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.surveys.models import SurveyRecipient

Unreachable = SurveyRecipient.Unreachable


@dataclass
class Reach:
    """The batch sorted: member id → open destinations, → (template, params, address) for
    those a template opens, → why the others cannot be asked."""

    open: dict = field(default_factory=dict)
    templated: dict = field(default_factory=dict)
    unreachable: dict = field(default_factory=dict)


def template_params(template, service) -> list[str] | None:
    """The template's parameters: {{1}}, when it has one, is the service's name; a template
    with more than one cannot be filled by a sweep (None)."""
    if template.param_count > 1:
        return None
    return [service.name][: template.param_count]


def _variants(template) -> dict:
    # The same approved template in the channel's other languages: {language prefix: row}.
    rows = WhatsAppTemplate.objects.filter(channel_id=template.channel_id, name=template.name)
    variants = {}
    for row in rows.select_related("channel"):
        variants.setdefault(row.language.split("_")[0], row)
    return variants


def recipients_reach(*, wave, members, addresses: dict, now) -> Reach:
    """Sort a batch's members (with their addresses, members.selectors.addresses_for_many):
    two reads at most, whatever the batch's size."""
    return members_reach(
        members=members,
        addresses=addresses,
        now=now,
        template=wave.opening_template if wave.opening_template_id else None,
        service=wave.survey.service,
    )


def members_reach(*, members, addresses: dict, now, template, service) -> Reach:
    """Sort members by how they can be reached now: free-form, by `template` (an approved
    WhatsApp template, or None) outside the 24-hour window, or not at all (posts use it)."""
    reach = Reach()
    states = destinations_open(
        [pair for member in members for pair in addresses.get(member.pk, [])], now=now
    )
    window = {}
    for member in members:
        destinations = addresses.get(member.pk) or []
        if not destinations:
            reach.unreachable[member.pk] = Unreachable.NO_ADDRESS
            continue
        open_ = [(c, a) for c, a in destinations if states[(c.pk, a)] == "open"]
        whatsapp = [
            (c, a)
            for c, a in destinations
            if c.type == "whatsapp" and states[(c.pk, a)] == "window"
        ]
        if open_:
            reach.open[member.pk] = open_
        elif whatsapp:
            window[member.pk] = (member, whatsapp)
        else:
            reach.unreachable[member.pk] = Unreachable.BLOCKED
    chosen = template if window else None
    params = template_params(chosen, service) if chosen is not None else None
    variants = _variants(chosen) if params is not None else {}
    for member_id, (member, whatsapp) in window.items():
        on_channel = [a for c, a in whatsapp if variants and c.pk == chosen.channel_id]
        if not on_channel:
            reach.unreachable[member_id] = Unreachable.WHATSAPP_WINDOW
            continue
        language = (member.language or "").split("_")[0]
        template = variants.get(language) or variants.get(chosen.language.split("_")[0], chosen)
        reach.templated[member_id] = (template, params, on_channel[0])
    return reach

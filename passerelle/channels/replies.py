"""Whether a send can reach an address now: the platforms' rules, in words for a person.

Platforms limit when a business may write first: WhatsApp's 24-hour customer-service
window, Messenger's 24 hours (7 days for a human agent), an SMS number that replied STOP,
a person who blocked the bot. The domain asks before a staff reply goes out (with the
destinations it resolved), so the moderator is told before sending.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels.contacts import contact_for
from passerelle.channels.models import ContactStatus


def contact_block_reason(channel, address: str, now: datetime) -> str:
    """Why nothing free-form can go to this address on this channel now ('' if it can)."""
    return _contact_reason(channel, contact_for(channel, address), now)


def reply_block_reasons(destinations_by_key: dict, *, now: datetime) -> dict:
    """reply_block_reason for many replies at once (a sweep): one read of the contacts."""
    contacts = _contacts_of(pair for dests in destinations_by_key.values() for pair in dests)
    answers = {}
    for key, destinations in destinations_by_key.items():
        reasons = []
        for channel, address in destinations:
            reason = _contact_reason(channel, contacts[(channel.pk, address)], now)
            if not reason:
                reasons = []
                break
            reasons.append(reason)
        answers[key] = " ".join(reasons)
    return answers


def destinations_open(pairs, *, now: datetime) -> dict:
    """For each (channel, address) pair, in one read of the contacts: "open" when a free-form
    message can go now, "window" when only the platform's window stands in the way (an
    approved template can still go), or "blocked" (an opt-out, a person who blocked the bot).
    Keyed by (channel id, address)."""
    pairs = list(pairs)
    contacts = _contacts_of(pairs)
    states = {}
    for channel, address in pairs:
        contact = contacts[(channel.pk, address)]
        opted_out = contact.opted_out_at is not None and channel.channel_type.honours_opt_out
        if contact.stopped_at is not None or opted_out:
            states[(channel.pk, address)] = "blocked"
        elif channel.channel_type.reply_block_reason(channel, contact, now):
            states[(channel.pk, address)] = "window"
        else:
            states[(channel.pk, address)] = "open"
    return states


def _contacts_of(pairs) -> dict:
    """(channel id, address) -> its ContactStatus, in one read (an unsaved blank one for an
    address never seen: nothing is known against it)."""
    pairs = list(pairs)
    known = {}
    if pairs:
        rows = ContactStatus.objects.filter(
            channel_id__in={c.pk for c, _a in pairs}, address__in={a for _c, a in pairs}
        )
        known = {(row.channel_id, row.address): row for row in rows}
    return {
        (channel.pk, address): known.get((channel.pk, address))
        or ContactStatus(org_id=channel.org_id, channel=channel, address=address)
        for channel, address in pairs
    }


def _contact_reason(channel, contact, now: datetime) -> str:
    if contact.stopped_at is not None:
        local = timezone.localtime(contact.stopped_at, channel.service.tz)
        return _(
            "%(platform)s said on %(when)s that this person stopped the service (%(why)s): "
            "nothing can be sent until they write again."
        ) % {
            "platform": channel.channel_type.name,
            "when": local.strftime("%Y-%m-%d %H:%M"),
            "why": contact.stopped_reason or "-",
        }
    return channel.channel_type.reply_block_reason(channel, contact, now)


def reply_block_reason(destinations, *, now: datetime) -> str:
    """Why a reply cannot go out at all ('' when at least one destination can carry it).

    `destinations` are the (channel, address) pairs a private reply would go to; a group
    reply (no per-person limits) passes none.
    """
    reasons = []
    for channel, address in destinations:
        reason = contact_block_reason(channel, address, now)
        if not reason:
            return ""
        reasons.append(reason)
    return " ".join(reasons)


def reply_tools(destinations, *, now: datetime) -> list[dict]:
    """What each destination's reply tools (segment counter, template picker) show."""
    tools = []
    for channel, address in destinations:
        channel_type = channel.channel_type
        if not channel_type.reply_tools_template:
            continue
        contact = contact_for(channel, address)
        tools.append(
            {
                "channel": channel,
                "template": channel_type.reply_tools_template,
                **channel_type.reply_tools_context(channel, contact, now),
            }
        )
    return tools

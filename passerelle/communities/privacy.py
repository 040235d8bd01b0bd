"""The privacy notice: which platform carries the conversation, who can read it on the way,
and that personal details belong in a private conversation.

Sent after the welcome and on /privacy, in the member's language, reworded by the service
like any member text (ServiceText "privacy_notice"). The sentence about each platform comes
from its channel type; what the notice says around it is the service's. Each notice sent is
a consent event ("informed") carrying the fingerprint of the very text the person got.
"""

import hashlib

from passerelle.channels.selectors import channels_by_platform
from passerelle.communities.notify import member_language, member_notify
from passerelle.members.models import ConsentEvent
from passerelle.members.selectors import addresses_for
from passerelle.members.services import consent_record


def _type(channel):
    try:
        return channel.channel_type
    except KeyError:  # a type no longer installed says nothing
        return None


def platform_lines(service, member, language: str, channel=None) -> str:
    """One line per platform the person talks to us on (the one they wrote on first),
    or, before they have an address here, per platform the service uses."""
    channels = [c for c, _address in addresses_for(member, service.pk)]
    if not channels:
        channels = [c for c, _platform in channels_by_platform(service.pk)]
    if channel is not None:
        channels = [channel, *(c for c in channels if c.pk != channel.pk)]
    lines, seen = [], set()
    for each in channels:
        channel_type = _type(each)
        if channel_type is None or channel_type.slug in seen:
            continue
        seen.add(channel_type.slug)
        notice = channel_type.privacy_notice or {}
        if text := notice.get(language) or notice.get("en"):
            lines.append(f"• {text}")
    return "\n".join(lines)


def fingerprint(text: str) -> str:
    """A short, exact version of a notice: the same words give the same version."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def privacy_notice_send(
    *, service, member, channel=None, pin_recipient: str = "", language: str = "", at=None
):
    """Send the privacy notice privately and record that the person was sent it.

    With `pin_recipient` it answers on `channel` only, where it was asked (a /privacy
    typed by SMS costs one SMS, not one per platform the person is on).
    """
    language = language or member_language(service, member)
    pinned = channel is not None and bool(pin_recipient)
    message = member_notify(
        service=service,
        member=member,
        key="privacy_notice",
        language=language,
        pin_channel=channel if pinned else None,
        pin_recipient=pin_recipient if pinned else "",
        platforms=platform_lines(service, member, language, channel),
    )
    consent_record(
        service=service,
        member=member,
        purpose=ConsentEvent.Purpose.PRIVACY_NOTICE,
        action=ConsentEvent.Action.INFORMED,
        version=fingerprint(message.text),
        via=channel.type if channel is not None else "",
        at=at,
    )
    return message

"""The pipeline's per-address facts (ContactStatus): windows, opt-outs, stopped contacts.

Written here only: by the inbound pipeline as events arrive, by the sender when a platform
says the person stopped us, and by routing when the domain decides an address opted out
or back in (an SMS "ARRÊT" is the service's word, not Twilio's).
"""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from passerelle.channels.models import ContactStatus
from passerelle.channels.types.base import InboundEvent
from passerelle.common.compiled import CompiledUpdate


def contact_for(channel, address: str) -> ContactStatus:
    """The address's status on the channel; an unsaved blank one if it never wrote."""
    found = ContactStatus.objects.filter(channel=channel, address=address).first()
    return found or ContactStatus(org_id=channel.org_id, channel=channel, address=address)


def _upsert(channel, address: str, **changes) -> None:
    updated = ContactStatus.objects.filter(channel=channel, address=address).update(**changes)
    if not updated:
        ContactStatus.objects.update_or_create(
            channel=channel, address=address, defaults={"org_id": channel.org_id, **changes}
        )


def _fresher(*, channel_id: int, address: str, at: datetime):
    # Only ever forward: a late redelivery of an old message must not close a window;
    # writing to us again undoes a block (they unblocked the bot).
    fresher = Q(last_inbound_at__isnull=True) | Q(last_inbound_at__lt=at)
    contacts = ContactStatus.objects.filter(channel_id=channel_id, address=address)
    return contacts.filter(fresher), {
        "last_inbound_at": at,
        "stopped_at": None,
        "stopped_reason": "",
    }


# Every inbound message runs it: built by the ORM once (common.compiled).
_INBOUND = CompiledUpdate(_fresher, channel_id=int, address=str, at=datetime)


def contact_inbound(channel, event: InboundEvent) -> None:
    """Record what an inbound event says about its sender (inside the event's transaction)."""
    if event.kind not in InboundEvent.WRITTEN or not event.sender_address:
        return
    at = event.occurred_at or timezone.now()
    address = event.sender_address
    # One statement on the hot path (see _fresher).
    if not _INBOUND.run(channel_id=channel.pk, address=address, at=at):
        ContactStatus.objects.get_or_create(
            channel=channel,
            address=address,
            defaults={"org_id": channel.org_id, "last_inbound_at": at},
        )
    if event.kind == InboundEvent.OPT_OUT:
        contact_opt_out(channel=channel, address=address, word=event.text, at=at)
    elif event.kind == InboundEvent.OPT_IN:
        contact_opt_in(channel=channel, address=address)


def contact_opt_out(*, channel, address: str, word: str = "", at: datetime | None = None) -> bool:
    """The address opted out (only on channel types that honour it); True when recorded."""
    if not channel.channel_type.honours_opt_out or not address:
        return False
    _upsert(channel, address, opted_out_at=at or timezone.now(), opt_out_word=word.strip()[:40])
    return True


def contact_opt_in(*, channel, address: str) -> None:
    """The address may be written to again."""
    ContactStatus.objects.filter(channel=channel, address=address).update(
        opted_out_at=None, opt_out_word="", stopped_at=None, stopped_reason=""
    )


def contact_stop(*, channel, address: str, reason: str) -> None:
    """The platform said this person stopped us (blocked the bot, unsubscribed)."""
    _upsert(channel, address, stopped_at=timezone.now(), stopped_reason=reason[:200])

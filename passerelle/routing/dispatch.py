"""Where a neutral inbound event goes, in order: the one place that knows the order.

double delivery ▶ edit ▶ identity ▶ a one-way service's group post turned private ▶
platform keywords and commands, joins, leaves, reports, the answer to an open prompt
(passerelle.prompts: referral follow-up, exit question…), intake answers
(routing.community) ▶ membership ▶ stored message ▶ a private one timed against the
service standard (questions.waiting) ▶ after-hours reply (private) or personal details
flagged (group). A new conversational feature adds an owner of prompts, not a branch here
or in the pipeline.
"""

from django.utils import timezone

from passerelle.channels.selectors import channels_known
from passerelle.channels.types.base import InboundEvent
from passerelle.common.memo import unit_of_work
from passerelle.communities import services as communities
from passerelle.communities.selectors import sender_of
from passerelle.conversations.models import Thread
from passerelle.conversations.services import (
    message_edit_receive,
    message_receive,
    message_received,
    private_thread_known,
)
from passerelle.events.services import group_reply_register
from passerelle.members.selectors import identities_known
from passerelle.members.services import member_for_identity, member_language_fill
from passerelle.moderation.details import personal_details_flag
from passerelle.moderation.offensive import offensive_flag
from passerelle.nlp.language import reply_language
from passerelle.questions.after_hours import after_hours_reply_send
from passerelle.questions.waiting import private_wait_track
from passerelle.routing.community import community_event_route, one_way_redirect


def inbound_event_handle(*, channel, event: InboundEvent) -> None:
    """Apply one inbound event; runs inside the raw event's transaction."""
    # The service's texts and channels, the member's identities and threads: read once for
    # the whole event, however many steps and sends need them (common.memo).
    with unit_of_work():
        _handle(channel, event)


def _handle(channel, event: InboundEvent) -> None:
    if (
        event.kind in InboundEvent.WRITTEN
        and channel.channel_type.redelivers_messages
        and message_received(channel, event.platform_message_id)
    ):
        # Platforms that batch (WhatsApp) may deliver one message in two different bodies:
        # the second copy must not run commands or intake answers again.
        return
    if event.kind == InboundEvent.EDITED:
        # Not a new message: the stored one takes the new text (no join, no reply).
        message_edit_receive(channel=channel, event=event, at=event.occurred_at or timezone.now())
        return
    service = channel.service
    platform = channel.channel_type.platform
    # Who wrote and where they stand, in one read that every step below shares.
    member, membership = sender_of(service, platform=platform, address=event.sender_address)
    if member is not None:
        member_language_fill(member=member, language=event.sender_language)
    if membership is not None:
        # What the first read learnt spares the sends their own reads.
        if membership.identity_count == 1:
            identities_known(member, {platform: event.sender_address})
        if membership.active_channel_count == 1 and channel.is_active:
            channels_known(service.pk, [(channel, platform)])  # this one is all there is
        if membership.private_thread_id is not None:
            private_thread_known(service, member, membership.private_thread_id)
    if member is None:
        member, created = member_for_identity(
            org=channel.org,
            platform=platform,
            address=event.sender_address,
            name=event.sender_name,
            language=event.sender_language,
            unknown=True,
        )
        if created:
            identities_known(member, {platform: event.sender_address})
    at = event.occurred_at or timezone.now()
    event = one_way_redirect(channel=channel, member=member, membership=membership, event=event)
    # Joins, leaves, commands (/start /rules /leave /report, STOP…) and intake answers first.
    if community_event_route(
        channel=channel, member=member, membership=membership, event=event, at=at
    ):
        return
    if membership is None and not channel.channel_type.gates_group:
        # A first word on a platform makes a member of the service; where the group is
        # ours and public (the web chat), only the join path does.
        communities.membership_ensure(
            service=service, member=member, via=f"{channel.type}:{event.kind}", at=at
        )
    if event.kind == InboundEvent.MESSAGE:
        message = message_receive(channel=channel, member=member, event=event, at=at)
        if message is None:
            return
        # A member no platform gave a language to is answered in the one they write.
        member_language_fill(member=member, language=reply_language(message.detected_language))
        if message.thread.kind == Thread.Kind.PRIVATE:
            # (An answer to a prompt — the referral follow-up's "1", "no"… — never gets here.)
            # The member now waits for a staff reply: timed before the auto-reply promises it.
            private_wait_track(message=message)
            after_hours_reply_send(message=message)
        else:
            # A phone number, an e-mail address or a link in the group: to the queue.
            personal_details_flag(message=message, at=at)
            # Words a moderator should read (never acted on): to the queue as well.
            offensive_flag(message=message, at=at)
            # "1" in reply to an event's post: a registration (told privately).
            group_reply_register(message=message, at=at)

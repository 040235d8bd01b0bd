"""Answering HELP by SMS: the service's help text, on the SMS channel only."""

from django.db import transaction
from django.utils import timezone

from passerelle.channels.replies import outbound_on_channel
from passerelle.channels.types.sms_twilio.texts import TEXTS


def help_answer(*, channel, event, language: str = ""):
    """Store the member's HELP and text back the help message; returns the reply Message."""
    from passerelle.communities.notify import member_language, render
    from passerelle.conversations.models import Message, Thread
    from passerelle.conversations.services import message_receive, private_thread_for
    from passerelle.members.services import member_for_identity

    service = channel.service
    member, _created = member_for_identity(
        org=channel.org, platform=channel.channel_type.platform, address=event.sender_address
    )
    now = timezone.now()
    message_receive(channel=channel, member=member, event=event, at=event.occurred_at or now)
    language = language if language in (service.languages or []) else ""
    language = language or member_language(service, member)
    thread = private_thread_for(service, member)
    with transaction.atomic():
        reply = Message.objects.create(
            org_id=service.org_id,
            service=service,
            thread=thread,
            channel=channel,
            direction=Message.Direction.OUT,
            text=render(service, "sms_help", language, TEXTS),
            member=member,
            created_at=now,
            language=language,
        )
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
        outbound_on_channel(message=reply, channel=channel, recipient=event.sender_address)
    return reply

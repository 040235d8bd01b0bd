"""Builders shared by the questions, referrals and FAQ tests."""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import (
    group_thread_for,
    private_thread_for,
)
from passerelle.members.models import Identity, Member
from passerelle.questions.models import ServiceStandard
from passerelle.questions.services import message_label_set

TORONTO = ZoneInfo("America/Toronto")
_seq = itertools.count(1)


def local(*args) -> datetime:
    """An aware Toronto time: local(2026, 3, 2, 10) is Monday 2 March 2026, 10:00."""
    return datetime(*args, tzinfo=TORONTO)


def make_standard(service, **fields) -> ServiceStandard:
    """The toolkit's standard: 24 business hours, Monday to Friday 9–17, Ontario."""
    defaults = {"target_hours": 24, "counting": "business_hours", "subdivision": "ON"}
    return ServiceStandard.objects.update_or_create(
        service=service, defaults={"org": service.org, **defaults, **fields}
    )[0]


def make_member(service, *, name=None, language="ar", address=None) -> Member:
    n = next(_seq)
    member = Member.objects.create(
        org=service.org,
        display_name=name or f"Member {n}",
        language=language,
        created_at=timezone.now(),
    )
    Identity.objects.create(
        org=service.org, member=member, platform="sim", address=address or f"sim-member-{n}"
    )
    return member


def inbound(
    service,
    *,
    text="كيف أسجل أولادي في المدرسة؟",
    member=None,
    private=False,
    at=None,
    reply_to=None,
) -> Message:
    """A message a member sent, stored as the dispatcher would store it."""
    member = member or make_member(service)
    thread = private_thread_for(service, member) if private else group_thread_for(service)
    at = at or timezone.now() - timedelta(minutes=5)
    message = Message.objects.create(
        org=service.org,
        service=service,
        thread=thread,
        direction="in",
        member=member,
        text=text,
        language=member.language,
        created_at=at,
        reply_to=reply_to,
    )
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=at)
    return message


def ask(role, **kw):
    """A member's message labelled as a request: returns its question."""
    message = inbound(role.service, **kw)
    message_label_set(role=role, message=message, label="request")
    return message.question

"""Building report data through the product's own services."""

import itertools
from datetime import datetime, time

from passerelle.communities import services as communities
from passerelle.conversations.services import group_thread_for, messages_record, private_thread_for
from passerelle.members.services import member_for_identity

_seq = itertools.count(1)


def local(service, day, hour=12, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=service.tz)


def member(service, name=None, joined=None):
    """A member who joined at `joined` (None: not a member yet)."""
    n = next(_seq)
    person, _ = member_for_identity(
        org=service.org, platform="telegram", address=f"tg-{n}", name=name or f"Member {n}"
    )
    if joined is not None:
        communities.membership_ensure(service=service, member=person, via="test", at=joined)
    return person


def membership(service, person):
    return person.memberships.get(service=service)


def say(service, person, at, *, text="hello", private=False, label=""):
    thread = private_thread_for(service, person) if private else group_thread_for(service)
    return messages_record(
        [
            {
                "thread": thread,
                "direction": "in",
                "text": text,
                "at": at,
                "member": person,
                "label": label,
            }
        ]
    )[0]


def staff_says(service, user, at, *, to=None, label="", text="staff"):
    thread = private_thread_for(service, to) if to else group_thread_for(service)
    return messages_record(
        [
            {
                "thread": thread,
                "direction": "out",
                "text": text,
                "at": at,
                "author": user,
                "label": label,
            }
        ]
    )[0]

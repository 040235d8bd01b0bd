"""Builders for the evaluation tests: members and messages go through the apps' services."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from passerelle.communities.services import membership_ensure, membership_leave
from passerelle.conversations.models import Message
from passerelle.conversations.services import group_thread_for, messages_record
from passerelle.members.services import member_for_identity

TORONTO = ZoneInfo("America/Toronto")
_seq = itertools.count(1)


def local(*args) -> datetime:
    """An aware Toronto time: local(2025, 4, 2, 10) is 2 April 2025, 10:00."""
    if len(args) == 3:
        args = (*args, 12)
    return datetime(*args, tzinfo=TORONTO)


def join(service, count: int, at: datetime) -> list:
    """`count` new members who joined at `at`: their memberships."""
    memberships = []
    for _ in range(count):
        n = next(_seq)
        member, _created = member_for_identity(
            org=service.org, platform="sim", address=f"eval-{n}", name=f"Member {n}", at=at
        )
        memberships.append(membership_ensure(service=service, member=member, via="test", at=at))
    return memberships


def leave(membership, at: datetime) -> None:
    membership_leave(membership=membership, via="test", at=at)


def talk(service, memberships, at: datetime) -> None:
    """Each member writes one group message at `at`."""
    thread = group_thread_for(service)
    messages_record(
        [
            {
                "thread": thread,
                "direction": Message.Direction.IN,
                "text": "مرحبا",
                "at": at,
                "member": m.member,
            }
            for m in memberships
        ]
    )

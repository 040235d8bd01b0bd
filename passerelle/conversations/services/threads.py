"""Threads: the group thread, private threads, and how recorded messages move them."""

from collections import defaultdict
from datetime import datetime

from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, Greatest

from passerelle.common.compiled import CompiledUpdate
from passerelle.common.memo import defer, once, remember
from passerelle.conversations.models import Message, Thread
from passerelle.members.selectors import member_is_new


def group_thread_for(service) -> Thread:
    """The service's one group thread."""
    thread, _created = once(
        ("group_thread", service.pk),
        lambda: Thread.objects.get_or_create(
            service=service, kind=Thread.Kind.GROUP, defaults={"org_id": service.org_id}
        ),
    )
    # The caller's service: dating a message in it (its time zone) reads nothing more.
    Thread.service.field.set_cached_value(thread, service)
    return thread


def private_thread_for(service, member) -> Thread:
    """The one private thread between the service and a member."""
    thread, _created = once(
        ("private_thread", service.pk, member.pk), lambda: _private_thread_read(service, member)
    )
    # What a send to the thread reads next (its member's language and addresses, the
    # service's time zone) is already in hand.
    Thread.service.field.set_cached_value(thread, service)
    Thread.member.field.set_cached_value(thread, member)
    return thread


def _private_thread_read(service, member):
    if member_is_new(member):
        # Created in this transaction: nobody else sees them, no thread of theirs exists.
        thread = Thread.objects.create(
            org_id=service.org_id, service=service, member=member, kind=Thread.Kind.PRIVATE
        )
        return thread, True
    return Thread.objects.get_or_create(
        service=service,
        member=member,
        kind=Thread.Kind.PRIVATE,
        defaults={"org_id": service.org_id},
    )


def thread_touch(thread_id: int, *, at, unread: str = "") -> None:
    """A message moved the thread: its last activity is `at`; `unread` "add" counts one
    more unread message, "reset" marks it read. In one inbound event, the message received
    and the texts sent move it in one statement."""
    if not defer("thread_touch", (thread_id, at, unread), _threads_touch):
        _threads_touch([(thread_id, at, unread)])


def _threads_touch(touches) -> None:
    # In the order they were made: the last activity is the last one's, unread counts
    # from the last reset (or from the stored count when none).
    by_thread: dict = {}
    for thread_id, at, unread in touches:
        last, reset, added = by_thread.get(thread_id, (None, False, 0))
        if unread == "reset":
            reset, added = True, 0
        elif unread == "add":
            added += 1
        by_thread[thread_id] = (at, reset, added)
    for thread_id, (at, reset, added) in by_thread.items():
        if added and not reset:
            # What every inbound message does: one statement the ORM built once.
            _MEMBER_WROTE.run(pk=thread_id, at=at, added=added)
            continue
        changes = {"last_activity_at": at}
        if reset:
            changes["unread_count"] = added
        elif added:
            changes["unread_count"] = F("unread_count") + added
        if added:
            # The member wrote again: a resolved or snoozed conversation is open once more.
            changes.update(_REOPEN)
        Thread.objects.filter(pk=thread_id).update(**changes)


_REOPEN = {
    "status": Case(
        When(status__in=[Thread.Status.RESOLVED, Thread.Status.SNOOZED], then=Value("open")),
        default=F("status"),
    ),
    # Only a snoozed conversation has a time; the others' is already empty.
    "snoozed_until": None,
}
_MEMBER_WROTE = CompiledUpdate(
    lambda *, pk, at, added: (
        Thread.objects.filter(pk=pk),
        {"last_activity_at": at, "unread_count": F("unread_count") + added, **_REOPEN},
    ),
    pk=int,
    at=datetime,
    added=int,
)


def private_thread_known(service, member, thread_id: int) -> None:
    """The member's private thread was read along with something else (the inbound event's
    first read): private_thread_for hands it out without a read in the current scope. Its
    other columns load only if something reads them."""
    thread = Thread.from_db(
        Thread.objects.db,
        ["id", "org_id", "service_id", "kind", "member_id"],
        [thread_id, service.org_id, service.pk, Thread.Kind.PRIVATE, member.pk],
    )
    remember(("private_thread", service.pk, member.pk), (thread, False))


def private_threads_for_many(service, members, *, annotate=None) -> dict:
    """private_thread_for of many members of one service (a sweep): member id → thread.

    `annotate`: expressions read with the threads (a caller above asks a fact of each, as
    prompts does "is a question open here?"), set on each thread."""
    wanted = {m.pk: m for m in members}
    threads = Thread.objects.filter(
        service=service, kind=Thread.Kind.PRIVATE, member_id__in=list(wanted)
    )
    if annotate:
        threads = threads.annotate(**annotate)
    found = {t.member_id: t for t in threads}
    if missing := [pk for pk in wanted if pk not in found]:
        # A thread created meanwhile by another worker is kept (the constraint), then read.
        Thread.objects.bulk_create(
            [
                Thread(
                    org_id=service.org_id, service=service, member_id=pk, kind=Thread.Kind.PRIVATE
                )
                for pk in missing
            ],
            ignore_conflicts=True,
        )
        found.update({t.member_id: t for t in threads.filter(member_id__in=missing)})
    for thread in found.values():
        thread.member = wanted[thread.member_id]
    return found


def threads_follow(messages: list[Message]) -> None:
    # Counted as if each message had arrived live, in time order: a received one is unread
    # until a staff message (one with an author) shows someone answered the thread.
    by_thread = defaultdict(list)
    for message in messages:
        by_thread[message.thread_id].append(message)
    for thread_id, recorded in by_thread.items():
        recorded.sort(key=lambda m: m.created_at)
        newest = recorded[-1].created_at
        read = [i for i, m in enumerate(recorded) if m.author_id is not None]
        after = recorded[read[-1] + 1 :] if read else recorded
        received = sum(m.direction == Message.Direction.IN for m in after)
        Thread.objects.filter(pk=thread_id).update(
            last_activity_at=Greatest(
                Coalesce(F("last_activity_at"), Value(newest)), Value(newest)
            ),
            unread_count=received if read else F("unread_count") + received,
        )

"""Conversations' part of a member merge (members.merge): threads and messages.

A private thread of B in a service where A has none becomes A's. Where both have one,
B's messages and thread events move into A's thread (the kept one), whose unread count
adds B's and whose last activity is the newer; B's thread stays, empty, on the tombstone
(the inbox leaves out tombstones' threads), so an undo has it to move them back into.
B's group messages become A's. The daily counts (MessageDay) do not change: a message
keeps its service, day, thread kind, direction, label and author.
"""

from django.db.models import Max

from passerelle.conversations.models import Message, Thread, ThreadEvent
from passerelle.members.merge import MergeContext, register, rows_move, rows_restore


def _move(ctx: MergeContext) -> dict:
    a, b = ctx.kept, ctx.merged
    record = {"conversations.Thread": [], "joined": []}
    kept_threads = dict(
        Thread.objects.filter(member=a, kind=Thread.Kind.PRIVATE).values_list("service_id", "pk")
    )
    for thread in Thread.objects.filter(member=b, kind=Thread.Kind.PRIVATE).order_by("pk"):
        into = kept_threads.get(thread.service_id)
        if into is None:
            record["conversations.Thread"] += rows_move(
                Thread.objects.filter(pk=thread.pk), member=a
            )
            continue
        ctx.threads[thread.pk] = into
        kept = Thread.objects.select_for_update().get(pk=into)
        record["joined"].append(
            {
                "from": thread.pk,
                "into": into,
                "unread": thread.unread_count,
                "last_activity_at": _iso(thread.last_activity_at),
                "messages": rows_move(Message.objects.filter(thread=thread), thread_id=into),
                "events": rows_move(ThreadEvent.objects.filter(thread=thread), thread_id=into),
            }
        )
        newest = max(filter(None, [kept.last_activity_at, thread.last_activity_at]), default=None)
        Thread.objects.filter(pk=into).update(
            unread_count=kept.unread_count + thread.unread_count, last_activity_at=newest
        )
        Thread.objects.filter(pk=thread.pk).update(unread_count=0, last_activity_at=None)
    record["conversations.Message"] = rows_move(Message.objects.filter(member=b), member=a)
    return record


def _undo(ctx: MergeContext, record: dict) -> None:
    b = ctx.merged
    rows_restore(Message, record.get("conversations.Message"), member=b)
    for joined in reversed(record.get("joined", [])):
        rows_restore(Message, joined["messages"], thread_id=joined["from"])
        rows_restore(ThreadEvent, joined["events"], thread_id=joined["from"])
        Thread.objects.filter(pk=joined["from"]).update(
            unread_count=joined["unread"], last_activity_at=joined["last_activity_at"]
        )
        kept = Thread.objects.select_for_update().get(pk=joined["into"])
        newest = Message.objects.filter(thread=kept).aggregate(at=Max("created_at"))["at"]
        Thread.objects.filter(pk=kept.pk).update(
            unread_count=max(0, kept.unread_count - joined["unread"]), last_activity_at=newest
        )
    rows_restore(Thread, record.get("conversations.Thread"), member=b)


def _iso(at):
    return at.isoformat() if at else None


def register_conversations() -> None:
    register(
        "conversations",
        order=10,
        claims=("conversations.Thread.member", "conversations.Message.member"),
        move=_move,
        undo=_undo,
    )

"""Sending posts: the scheduler job that sends each due post to each recipient once, in
bounded batches (the way surveys/sending.py sends a wave).

Why nobody gets a post twice, or not at all, even when the scheduler is killed mid-post:
the recipients are rows (unique per post and member, and per post and group, inserted
ON CONFLICT DO NOTHING), and a batch of them is claimed by a conditional update
(pending → sent) in the same transaction that writes their messages and queues their
sends. A killed batch rolls back whole; the next tick finds those recipients still pending.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from passerelle.channels.selectors import group_destinations
from passerelle.conversations.reach import reach_for_many
from passerelle.conversations.services import (
    group_thread_for,
    message_send,
    messages_send_system_many,
    private_threads_for_many,
    templates_send_system_many,
)
from passerelle.posts.hooks import batch_sent, text_with_extras
from passerelle.posts.languages import group_text, text_for
from passerelle.posts.models import Post, PostRecipient
from passerelle.posts.selectors import post_audience
from passerelle.surveys.reach import members_reach

log = logging.getLogger("passerelle.posts")

BATCH = 200  # recipients of a post sent per call, by default (settings.POSTS_BATCH per tick)
POSTS = 5  # posts advanced per tick
Recipient = PostRecipient


def _recipients_fill(post: Post) -> int:
    """The post's recipients, once: a second run after a crash inserts nothing again."""
    services = list(post.services.order_by("pk"))
    with transaction.atomic():
        if post.audience == Post.Audience.GROUP:
            rows = [Recipient(org_id=post.org_id, post=post, service=s) for s in services]
        else:
            # A member of two services of a coalition post gets it once, from the first.
            rows = [
                Recipient(org_id=post.org_id, post=post, service=s, member_id=pk)
                for s in services
                for pk in post_audience(post, s).values_list("pk", flat=True)
            ]
        Recipient.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        total = Recipient.objects.filter(post=post).count()
        Post.objects.filter(pk=post.pk).update(recipient_count=total)
    post.recipient_count = total
    return total


def post_send(*, post: Post, limit: int = BATCH, now=None) -> int:
    """Send a due post to up to `limit` of its pending recipients; returns how many.

    Claims the post first (scheduled → sending); marks it sent when nobody is pending.
    """
    now = now or timezone.now()
    if post.state == Post.State.SCHEDULED:
        if not Post.objects.filter(pk=post.pk, state=Post.State.SCHEDULED).update(
            state=Post.State.SENDING, started_at=now
        ):
            return 0
        post.state, post.started_at = Post.State.SENDING, now
    if post.state != Post.State.SENDING:
        return 0
    if not post.recipient_count:
        _recipients_fill(post)
    sent, pending = _batch_send(post, limit, now)
    if pending is None:
        return 0
    if (
        pending < limit
        or not Recipient.objects.filter(post=post, state=Recipient.State.PENDING).exists()
    ):
        if Post.objects.filter(pk=post.pk, state=Post.State.SENDING).update(
            state=Post.State.SENT, sent_at=now
        ):
            post.state, post.sent_at = Post.State.SENT, now
    return sent


def _batch_send(post: Post, limit: int, now) -> tuple[int, int | None]:
    """Claim and send a batch of pending recipients: (how many sent, how many were
    pending); (0, None) when another scheduler claimed some of them first."""
    with transaction.atomic():
        query = Recipient.objects.filter(post=post, state=Recipient.State.PENDING)
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True, of=("self",))
        pending = list(query.select_related("member", "service").order_by("pk")[:limit])
        if not pending:
            return 0, 0
        claimed = Recipient.objects.filter(
            pk__in=[r.pk for r in pending], state=Recipient.State.PENDING
        ).update(state=Recipient.State.SENT, sent_at=now)
        if claimed != len(pending):
            # Another scheduler took some of them first: leave the whole batch to it.
            transaction.set_rollback(True)
            return 0, None
        by_service: dict[int, list[PostRecipient]] = {}
        for r in pending:
            r.state, r.sent_at = Recipient.State.SENT, now
            by_service.setdefault(r.service_id, []).append(r)
        for rows in by_service.values():
            if rows[0].member_id is None:
                _group_send(post, rows, now)
            else:
                _private_send(post, rows, now)
        batch_sent(post, pending, now)
        Recipient.objects.bulk_update(
            pending,
            ["state", "unreachable_reason", "language", "message_id", "with_template"],
            batch_size=200,
        )
    return sum(r.state == Recipient.State.SENT for r in pending), len(pending)


def _group_send(post: Post, rows: list[PostRecipient], now) -> None:
    # One staff message in each service's group thread; message_send fans it out to the
    # service's group channels (a Telegram group…).
    for r in rows:
        if not group_destinations(r.service.pk):
            r.state, r.unreachable_reason = Recipient.State.UNREACHABLE, "no_group"
            continue
        thread = group_thread_for(r.service)
        text, language = group_text(post.texts, r.service.languages)
        text = text_with_extras(post, text, language)
        try:
            with transaction.atomic():
                message = message_send(
                    thread=thread,
                    text=text,
                    author=post.created_by,
                    language=language,
                    media=post.media or None,
                    at=now,
                )
        except ValidationError:
            # A group channel connected since the post was written refuses its file: the
            # report says so rather than the post stopping everyone else's batch.
            r.state, r.unreachable_reason = Recipient.State.UNREACHABLE, "media_refused"
            continue
        r.message_id, r.language = message.pk, language


def _private_send(post: Post, rows: list[PostRecipient], now) -> None:
    # Each member in their own private thread, in their language, on the channels they
    # use; a few statements for the whole batch (messages_send_system_many).
    service = rows[0].service
    members = [r.member for r in rows]
    addresses = reach_for_many(members, service.pk)
    template = post.whatsapp_template
    if template is not None and template.channel.service_id != service.pk:
        template = None  # a coalition post: the template is the writing service's channel's
    reach = members_reach(
        members=members, addresses=addresses, now=now, template=template, service=service
    )
    reached = [r for r in rows if r.member_id in reach.open or r.member_id in reach.templated]
    threads = private_threads_for_many(service, [r.member for r in reached])
    sends, template_sends = [], []
    for r in rows:
        if r.member_id in reach.unreachable:
            r.state = Recipient.State.UNREACHABLE
            r.unreachable_reason = str(reach.unreachable[r.member_id])
            continue
        text, r.language = text_for(post.texts, r.member.language, service.languages)
        text = text_with_extras(post, text, r.language)
        if r.member_id in reach.templated:
            r.with_template = True
            template_sends.append((r, (threads[r.member_id], *reach.templated[r.member_id])))
        else:
            sends.append((r, (threads[r.member_id], text, r.language, reach.open[r.member_id])))
    if sends:
        messages = messages_send_system_many(
            sends=[s for _r, s in sends], at=now, author=post.created_by, media=post.media
        )
        for (r, _s), message in zip(sends, messages, strict=True):
            r.message_id = message.pk
    if template_sends:
        messages = templates_send_system_many(sends=[s for _r, s in template_sends], at=now)
        for (r, _s), message in zip(template_sends, messages, strict=True):
            r.message_id = message.pk


def posts_sweep(now=None) -> int:
    """Scheduler job: send the due posts (a bounded batch of each); returns how many
    recipients were sent to."""
    now = now or timezone.now()
    due = (
        Post.objects.filter(
            state__in=[Post.State.SCHEDULED, Post.State.SENDING],
            scheduled_at__lte=now,
            # Archived since it was written: it waits (and can still be cancelled).
            service__archived_at__isnull=True,
        )
        .select_related("created_by", "whatsapp_template__channel")
        .order_by("scheduled_at", "pk")[:POSTS]
    )
    sent = 0
    for post in due:
        try:
            sent += post_send(post=post, limit=settings.POSTS_BATCH, now=now)
        except Exception:
            # One post that cannot go (its batch rolled back whole) does not hold up the
            # others; it is tried again next tick and the log says why.
            log.exception("post %s: batch failed", post.pk)
    return sent

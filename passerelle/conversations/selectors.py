"""Reads for the inbox; each takes the staff role first and stays inside its service."""

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.http import Http404

from passerelle.channels.replies import reply_block_reason
from passerelle.channels.selectors import group_destinations
from passerelle.conversations.models import Message, Thread
from passerelle.members.selectors import addresses_for, member_search

PAGE_SIZE = 50


def threads_for(role, *, query: str = ""):
    """The service's threads, group first, then by newest activity; with a query, those
    whose member's name or address, or one of whose messages, matches it."""
    threads = (
        Thread.objects.filter(service_id=role.service_id)
        .select_related("member")
        # The group thread first, then private threads by newest activity (the order of
        # the index thread_list_order_idx on PostgreSQL).
        .order_by("kind", F("last_activity_at").desc(nulls_last=True), "-id")
    )
    if query:
        # EXISTS rather than a join: no DISTINCT over every matching message. On
        # PostgreSQL the text match is served by the trigram index message_text_trgm.
        matching = Message.objects.filter(
            service_id=role.service_id, thread_id=OuterRef("pk"), text__icontains=query
        )
        threads = threads.filter(member_search(query) | Q(Exists(matching)))
    return threads


def thread_get(role, thread_id) -> Thread:
    """One thread of the role's service, or 404."""
    thread = (
        Thread.objects.filter(service_id=role.service_id, pk=thread_id)
        .select_related("member", "service")
        .first()
    )
    if thread is None:
        raise Http404("No such conversation")
    return thread


def messages_for(role, thread: Thread, *, before_id: int | None = None, limit=PAGE_SIZE):
    """The newest `limit` messages of a thread, oldest first; with `before_id`, the page
    before that message of the thread (in its order: created_at, then id)."""
    messages = Message.objects.filter(service_id=role.service_id, thread=thread)
    if before_id:
        messages = messages.filter(_before(thread, before_id))
    page = list(
        messages.select_related("member", "author", "reply_to", "labelled_by", "removal").order_by(
            "-created_at", "-id"
        )[: limit + 1]
    )
    has_more = len(page) > limit
    return list(reversed(page[:limit])), has_more


def _before(thread: Thread, message_id: int) -> Q:
    """Messages before one message of the thread, by (created_at, id): keyset pagination,
    one index range however deep the page (an id from another thread: none)."""
    # A subquery, not a query of its own: PostgreSQL reads it once (an InitPlan) and
    # starts the index range at its value. created_at <= at bounds the range; the OR then
    # settles equal times by id.
    at = Subquery(Message.objects.filter(thread=thread, pk=message_id).values("created_at"))
    return Q(created_at__lte=at) & (Q(created_at__lt=at) | Q(pk__lt=message_id))


def message_get(role, message_id) -> Message:
    """One message of the role's service, or 404."""
    message = Message.objects.filter(service_id=role.service_id, pk=message_id).first()
    if message is None:
        raise Http404("No such message")
    return message


def messages_to_label(role, *, show: str = "unlabelled", query: str = "", imported=False):
    """The service's messages for labelling many at once, oldest first: those without a
    label (`show="unlabelled"`) or all, matching a text, only imported ones if asked."""
    messages = Message.objects.filter(service_id=role.service_id, redacted="")
    if show == "unlabelled":
        messages = messages.filter(label="")
    if query:
        messages = messages.filter(text__icontains=query)
    if imported:
        messages = messages.filter(extra__has_key="imported")
    return messages.select_related("member", "author", "thread").order_by("created_at", "id")


def member_feed(service, member, *, after_id: int = 0, limit: int = 100, group: bool = True):
    """What a member sees: the group's messages (unless `group` is False) and their own
    private thread, oldest first."""
    visible = Q(thread__kind=Thread.Kind.GROUP) if group else Q(pk__in=[])
    if member is not None:
        visible |= Q(thread__kind=Thread.Kind.PRIVATE, thread__member=member)
    messages = (
        # A post a moderator deleted (moderation.MessageRemoval) is gone for members.
        Message.objects.filter(visible, service=service, pk__gt=after_id, removal__isnull=True)
        .select_related("thread", "member", "author")
        .order_by("-id")[:limit]
    )
    return list(reversed(messages))


def destinations_for(thread: Thread) -> list:
    """(channel, address) pairs a message in this thread goes to."""
    if thread.kind == Thread.Kind.GROUP:
        return group_destinations(thread.service_id)
    return addresses_for(thread.member, thread.service_id)


def thread_block_reason(thread: Thread, *, now) -> str:
    """Why no reply can reach the member of a private thread now ('' when one can)."""
    if thread.kind != Thread.Kind.PRIVATE:
        return ""  # a group has no per-person platform limits
    return reply_block_reason(destinations_for(thread), now=now)

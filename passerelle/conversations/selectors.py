"""Reads for the inbox; each takes the staff role first and stays inside its service."""

from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.http import Http404
from django.utils import timezone

from passerelle.channels.replies import reply_block_reason
from passerelle.channels.selectors import group_destinations
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.reach import reply_destinations
from passerelle.members.selectors import member_search
from passerelle.orgs.models import CAPABILITIES, StaffRole

PAGE_SIZE = 50


# The inbox's views of the private conversations (docs/inbox.md); "" is every thread.
VIEWS = ("mine", "unassigned", "waiting")


def thread_status_now(now=None):
    """The status as it stands now: a snooze whose time has come reads as open."""
    return Case(
        When(
            status=Thread.Status.SNOOZED,
            snoozed_until__lte=now or timezone.now(),
            then=Value(Thread.Status.OPEN),
        ),
        default=F("status"),
    )


def _in_view(threads, role, view: str):
    if view not in VIEWS:
        return threads
    threads = threads.filter(kind=Thread.Kind.PRIVATE).exclude(status_now=Thread.Status.RESOLVED)
    if view == "mine":
        return threads.filter(assignee=role.user)
    if view == "unassigned":
        return threads.filter(assignee__isnull=True)
    # Waiting for us: open, and the member spoke last (the thread's newest message, read
    # from the index message_thread_page_idx).
    newest = Message.objects.filter(thread=OuterRef("pk")).order_by("-created_at", "-id")
    return threads.annotate(last_direction=Subquery(newest.values("direction")[:1])).filter(
        status_now=Thread.Status.OPEN, last_direction=Message.Direction.IN
    )


# How many of the newest matching messages a thread search looks at (threads_for).
SEARCH_THREADS_FROM = 5000


def threads_for(role, *, query: str = "", view: str = "", annotate: dict | None = None):
    """The service's threads, group first, then by newest activity; with a query, those
    whose member's name or address, or one of whose messages, matches it; with a view
    (VIEWS), only the private conversations in it. `annotate`: more facts read with them."""
    threads = (
        # A merged member's tombstone keeps its emptied threads for an undo: not listed.
        Thread.objects.filter(service_id=role.service_id, member__merged_into__isnull=True)
        .select_related("member", "assignee")
        .annotate(status_now=thread_status_now(), **(annotate or {}))
        # The group thread first, then private threads by newest activity (the order of
        # the index thread_list_order_idx on PostgreSQL).
        .order_by("kind", F("last_activity_at").desc(nulls_last=True), "-id")
    )
    if query:
        # The threads of the newest SEARCH_THREADS_FROM matching messages, not of all: a
        # word in one message in eight had PostgreSQL hash the 125,000 matches of a million
        # messages (170 ms a page, growing with the history). Newest first, a common word
        # is found by walking the created_at index back and a rare one through the trigram
        # index message_text_trgm; a thread whose every match is older is not listed.
        matching = (
            Message.objects.filter(service_id=role.service_id, text__icontains=query)
            .order_by("-created_at", "-id")
            .values("thread_id")[:SEARCH_THREADS_FROM]
        )
        threads = threads.filter(member_search(query) | Q(pk__in=matching))
    return _in_view(threads, role, view)


def thread_get(role, thread_id, *, annotate: dict | None = None) -> Thread:
    """One thread of the role's service, or 404; `annotate`: more facts read with it (an
    upper layer's, such as where its member stands)."""
    thread = (
        Thread.objects.filter(service_id=role.service_id, pk=thread_id)
        .select_related("member", "service", "assignee")
        .annotate(status_now=thread_status_now(), **(annotate or {}))
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


SEARCH_SHOWN = 20
AROUND = 10  # messages shown before a message the search jumps to


def search_matches(role, query: str, *, limit=SEARCH_SHOWN) -> list[Message]:
    """The newest messages whose text matches, each with the text of the message before
    and after it in its thread (`before_text`, `after_text`): one query however many."""
    if not query:
        return []
    neighbours = Message.objects.filter(thread=OuterRef("thread"), redacted="")
    at, pk = OuterRef("created_at"), OuterRef("pk")
    # The <= / >= bound is what PostgreSQL can start the index range at (the OR alone is a
    # filter: the next message was found by reading the thread from its first, 560,000
    # rows for a match in a group of a million messages: 2.5 s a search page).
    before = neighbours.filter(
        Q(created_at__lte=at) & (Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
    )
    after = neighbours.filter(
        Q(created_at__gte=at) & (Q(created_at__gt=at) | Q(created_at=at, pk__gt=pk))
    )
    return list(
        Message.objects.filter(service_id=role.service_id, redacted="", text__icontains=query)
        .select_related("thread__member", "member", "author")
        .annotate(
            before_text=Subquery(before.order_by("-created_at", "-id").values("text")[:1]),
            after_text=Subquery(after.order_by("created_at", "id").values("text")[:1]),
        )
        .order_by("-created_at", "-id")[:limit]
    )


def messages_around(role, thread: Thread, message_id: int, *, limit=PAGE_SIZE):
    """A page of the thread that holds one of its messages: AROUND before it, the rest
    after, oldest first; (messages, has_older, has_newer). None when not in the thread."""
    ours = Message.objects.filter(service_id=role.service_id, thread=thread).select_related(
        "member", "author", "reply_to", "labelled_by", "removal"
    )
    # Two index ranges from the message's (created_at, id), read by a subquery as in
    # "show older" (an id from another thread: both empty).
    older_q = _before(thread, message_id)
    newer = list(ours.exclude(older_q).order_by("created_at", "id")[: limit - AROUND + 1])
    if not newer or newer[0].pk != message_id:
        return None
    older = list(ours.filter(older_q).order_by("-created_at", "-id")[: AROUND + 1])
    has_older, has_newer = len(older) > AROUND, len(newer) > limit - AROUND
    return list(reversed(older[:AROUND])) + newer[: limit - AROUND], has_older, has_newer


def assignable_staff(role):
    """The service's staff who can take a conversation (those who work in the inbox)."""
    roles = [r for r, caps in CAPABILITIES.items() if "inbox" in caps]
    return [
        staff.user
        for staff in StaffRole.objects.filter(service_id=role.service_id, role__in=roles)
        .select_related("user")
        .order_by("user__first_name", "user__email")
    ]


def private_messages_after(role, after_id: int | None, limit: int = 10):
    """Members' private messages stored since the message `after_id` (None: none yet,
    only where the newest stands), for the inbox's alerts: (messages, cursor)."""
    messages = Message.objects.filter(service_id=role.service_id)
    if after_id is None:
        newest = messages.order_by("-pk").values_list("pk", flat=True).first()
        return [], newest or 0
    found = list(
        messages.filter(
            pk__gt=after_id, direction=Message.Direction.IN, thread__kind=Thread.Kind.PRIVATE
        )
        .select_related("member")
        .order_by("pk")[:limit]
    )
    return found, found[-1].pk if found else after_id


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
        # Time order (as the inbox shows it), newest page first: imported and demo
        # histories have times that do not follow their ids.
        .order_by("-created_at", "-id")[:limit]
    )
    return list(reversed(messages))


def destinations_for(thread: Thread) -> list:
    """(channel, address) pairs a message in this thread goes to."""
    if thread.kind == Thread.Kind.GROUP:
        return group_destinations(thread.service_id)
    # One of the person's channels, never all of them (conversations.reach).
    return reply_destinations(thread)


def thread_block_reason(thread: Thread, *, now) -> str:
    """Why no reply can reach the member of a private thread now ('' when one can)."""
    if thread.kind != Thread.Kind.PRIVATE:
        return ""  # a group has no per-person platform limits
    return reply_block_reason(destinations_for(thread), now=now)

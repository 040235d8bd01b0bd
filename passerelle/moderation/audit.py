"""The audit log page: membership events, conversation events (status, assignee) and staff
management (orgs.StaffEvent: invitations, roles, settings, archiving) in one list, newest
first, searched and paginated together at a fixed number of queries."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import CharField, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.channels.models import Channel
from passerelle.communities.models import MembershipEvent
from passerelle.conversations.models import Thread, ThreadEvent
from passerelle.members.models import Member
from passerelle.moderation import selectors
from passerelle.orgs.models import Role, StaffEvent

# The audit log's names for conversation events (the model's "Assigned" alone reads like a
# membership event among the others).
THREAD_KINDS = {
    "thread_status": (ThreadEvent.Kind.STATUS, gettext_lazy("Conversation status changed")),
    "thread_assigned": (ThreadEvent.Kind.ASSIGNED, gettext_lazy("Conversation assigned")),
    "thread_channel": (
        ThreadEvent.Kind.REPLY_CHANNEL,
        gettext_lazy("Conversation's reply channel chosen"),
    ),
}
STAFF_KINDS = {f"staff_{value}": (value, label) for value, label in StaffEvent.Kind.choices}
MEMBERSHIP, CONVERSATION, STAFF = "membership", "conversation", "staff"


def audit_kinds() -> list[tuple[str, str]]:
    """The events the log can be filtered on: membership events, conversation ones, staff."""
    return [
        *MembershipEvent.Kind.choices,
        *((k, label) for k, (_kind, label) in THREAD_KINDS.items()),
        *((k, label) for k, (_kind, label) in STAFF_KINDS.items()),
    ]


def _staff_events(role, *, kind: str, query: str):
    events = StaffEvent.objects.filter(service_id=role.service_id)
    if kind:
        events = events.filter(kind=STAFF_KINDS[kind][0])
    if query:
        events = events.filter(subject_email__icontains=query)
    return events


def _thread_events(role, *, kind: str, query: str):
    events = ThreadEvent.objects.filter(thread__service_id=role.service_id)
    if kind:
        events = events.filter(kind=THREAD_KINDS[kind][0])
    if query:
        named = Member.objects.filter(display_name__icontains=query).values("pk")
        events = events.filter(thread__member_id__in=named)
    return events


def audit_page(role, *, kind: str = "", query: str = "", per_page: int, number) -> Page:
    """One page of the log: the page's (time, id, source) read from the union of both
    event tables, then each table's rows shown, with the staff named in assignments."""
    # audit_log checks the moderator's right (fail closed), whichever parts are read.
    other = kind in THREAD_KINDS or kind in STAFF_KINDS
    membership_events = selectors.audit_log(role, kind="" if other else kind, query=query)
    parts = []
    if not other:
        parts.append((MEMBERSHIP, membership_events))
    if not kind or kind in THREAD_KINDS:
        parts.append((CONVERSATION, _thread_events(role, kind=kind, query=query)))
    if not kind or kind in STAFF_KINDS:
        parts.append((STAFF, _staff_events(role, kind=kind, query=query)))
    keyed = [
        events.order_by()
        .annotate(source=Value(source, output_field=CharField()))
        .values_list("created_at", "id", "source")
        for source, events in parts
    ]
    entries = keyed[0].union(*keyed[1:], all=True) if len(keyed) > 1 else keyed[0]
    page = Paginator(entries.order_by("-created_at", "-id"), per_page).get_page(number)
    if connection.features.supports_slicing_ordering_in_compound:
        keys = _page_keys(keyed, page, per_page)
    else:
        keys = list(page.object_list)  # SQLite: the union sorted whole (a small service's)
    ids = {
        source: [pk for _at, pk, src in keys if src == source]
        for source in (MEMBERSHIP, CONVERSATION, STAFF)
    }
    rows = {
        MEMBERSHIP: MembershipEvent.objects.select_related("actor", "membership__member").in_bulk(
            ids[MEMBERSHIP]
        ),
        CONVERSATION: ThreadEvent.objects.select_related("actor", "thread__member").in_bulk(
            ids[CONVERSATION]
        ),
        STAFF: StaffEvent.objects.select_related("actor").in_bulk(ids[STAFF]),
    }
    _describe(rows[CONVERSATION].values(), role.service.tz)
    _describe_staff(rows[STAFF].values())
    page.object_list = [rows[source][pk] for _at, pk, source in keys]
    return page


def _page_keys(keyed, page, per_page: int) -> list:
    """The page's (time, id, source), each part of the union read on its own index, in
    order, no further than the page: a union sorted whole sorted every event of the
    service for each page. A page in the older half is read from the oldest end, so the
    last page costs what the first does."""
    total = page.paginator.count
    start = (page.number - 1) * per_page
    size = min(per_page, total - start)
    if size <= 0:
        return []
    newest_first = start <= total - (start + size)
    skip = start if newest_first else total - start - size
    order = ("-created_at", "-id") if newest_first else ("created_at", "id")
    if len(keyed) == 1:
        keys = list(keyed[0].order_by(*order)[skip : skip + size])
    else:
        limited = [part.order_by(*order)[: skip + size] for part in keyed]
        union = limited[0].union(*limited[1:], all=True)
        keys = list(union.order_by(*order)[skip : skip + size])
    return keys if newest_first else keys[::-1]


def _describe(events, tz) -> None:
    """Mark each conversation event and say what changed, in the moderator's language."""
    events = list(events)
    staff_ids = {
        pk
        for e in events
        if e.kind == ThreadEvent.Kind.ASSIGNED
        for pk in (e.data.get("from"), e.data.get("to"))
        if pk is not None
    }
    users = get_user_model().objects.in_bulk(staff_ids) if staff_ids else {}
    channel_ids = {
        pk
        for e in events
        if e.kind == ThreadEvent.Kind.REPLY_CHANNEL
        for pk in (e.data.get("from"), e.data.get("to"))
        if pk is not None
    }
    channels = Channel.objects.in_bulk(channel_ids) if channel_ids else {}
    statuses = dict(Thread.Status.choices)
    for e in events:
        e.is_conversation = True
        e.kind_label = THREAD_KINDS[f"thread_{e.kind}"][1]
        if e.kind == ThreadEvent.Kind.ASSIGNED:
            before, after = (_staff_name(users, e.data.get(k)) for k in ("from", "to"))
        elif e.kind == ThreadEvent.Kind.REPLY_CHANNEL:
            before, after = (_channel_name(channels, e.data.get(k)) for k in ("from", "to"))
        else:
            before = statuses.get(e.data.get("from"), e.data.get("from") or "")
            after = statuses.get(e.data.get("to"), e.data.get("to") or "")
            if until := e.data.get("until"):
                at = timezone.localtime(datetime.fromisoformat(until), tz)
                after = _("%(status)s until %(date)s") % {
                    "status": after,
                    "date": at.strftime("%Y-%m-%d %H:%M"),
                }
        e.change = _("%(before)s → %(after)s") % {"before": before, "after": after}


def _channel_name(channels, pk) -> str:
    if pk is None:
        return _("Last used")
    channel = channels.get(pk)
    return channel.name if channel is not None else "?"


def _describe_staff(events) -> None:
    """Mark each staff-management event; a role change reads with the roles' names."""
    labels = dict(Role.choices)
    for e in events:
        e.is_staff_event = True
        before, after = e.data.get("from"), e.data.get("to")
        e.change = (
            _("%(before)s → %(after)s")
            % {"before": labels.get(before, before), "after": labels.get(after, after)}
            if before in labels and after in labels
            else str(labels.get(after, ""))
            if after in labels
            else ""
        )


def _staff_name(users, pk) -> str:
    if pk is None:
        return _("Nobody")
    user = users.get(pk)
    if user is None:
        return _("a former staff member")
    return user.get_full_name() or user.email

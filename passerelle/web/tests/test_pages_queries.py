"""Every moderator page of issue 11's table costs a fixed number of queries, whatever the
history behind it: the inbox search, "show older", the thread list, the questions (all,
last page, search), the audit log and the members list (with their searches and last
pages). The inbox thread page and the question panel: test_inbox_queries.py."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.communities.models import MembershipEvent
from passerelle.communities.services import (
    membership_ensure,
    membership_event_add,
    membership_leave,
)
from passerelle.conversations.services import thread_assign, thread_status_set
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import ask, inbound, make_member
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = pytest.mark.django_db

# Issue 11 asks for 25 at most. The inbox with a conversation open reads the FAQ entries'
# vectors for the suggested answers (docs/nlp.md); the entries are read once for BM25 and
# the answers (faq.selectors.faq_corpus), the label classifier is kept a minute per process.
MAX_QUERIES = 25
# The counts today, pinned: a change that adds a query to a page says so here. The
# numbered lists read their page's ids, then its rows (common.pages.page_get).
# A search reads its matching messages (with their neighbours) in one more query; a private
# conversation opened also reads the staff it can be assigned to; a search result opened at
# its message reads the thread asked for and the page's two ranges around the message.
PINNED = {
    "search": 23,
    "search_name": 22,
    "thread_list": 6,
    "thread_list_search": 6,
    "thread_list_waiting": 6,
    "search_jump": 25,
    "older": 7,
    "questions_all": 22,
    "questions_last": 22,
    "questions_search": 22,
    # Its page reads conversation events too, and the staff their assignments name.
    "audit": 15,
    "audit_last": 13,
    "audit_search": 13,
    "members": 14,
    "members_last": 14,
    "members_search": 14,
}


def history(role, members: int):
    """`members` members who joined (one warned in three), each with a question in the
    group, a private conversation and a few more messages: the pages' rows grow with it."""
    service = role.service
    start = timezone.now() - timedelta(days=30)
    for n in range(members):
        at = start + timedelta(hours=n)
        member = make_member(service, name=f"Person {n:03d}", language="fr")
        membership = membership_ensure(service=service, member=member, via="simulator", at=at)
        if n % 3 == 0:
            membership_event_add(
                membership=membership,
                kind=MembershipEvent.Kind.WARNED,
                actor=role.user,
                reason="insults in the group",
                at=at + timedelta(minutes=5),
            )
        ask(role, member=member, text=f"Is the food bank open on day {n}?", at=at)
        inbound(service, member=member, text=f"Merci {n}", at=at + timedelta(minutes=1))
        private = inbound(service, member=member, private=True, text=f"Bonjour {n}", at=at)
        if n % 4 == 0:
            # Conversation events: the audit log lists them with the membership events.
            thread_assign(role=role, thread=private.thread, assignee_id=role.user.pk)
            thread_status_set(role=role, thread=private.thread, status="resolved")
        if n % 5 == 0:
            # People who left: the thread list shows it, read with the threads.
            membership_leave(membership=membership, via="simulator", at=at + timedelta(hours=1))


def pages(role, members: int) -> dict[str, str]:
    slug = role.service.slug
    group = role.service.threads.get(kind="group")
    middle = group.messages.order_by("created_at", "id")[members]
    return {
        "search": f"/s/{slug}/inbox/?q=food+bank",
        "search_name": f"/s/{slug}/inbox/?q=Person+001",
        "thread_list": f"/s/{slug}/inbox/threads/",
        "thread_list_search": f"/s/{slug}/inbox/threads/?q=food+bank",
        "thread_list_waiting": f"/s/{slug}/inbox/threads/?view=waiting",
        # A search result opened at its message, deep in the group's history.
        "search_jump": f"/s/{slug}/inbox/?thread={group.pk}&q=food+bank&at={middle.pk}",
        "older": f"/s/{slug}/threads/{group.pk}/older/?before={middle.pk}",
        "questions_all": f"/s/{slug}/questions/?view=all",
        "questions_last": f"/s/{slug}/questions/?view=all&page={-(-members // 25)}",
        "questions_search": f"/s/{slug}/questions/?view=all&q=food+bank",
        "audit": f"/s/{slug}/moderation/audit/",
        "audit_last": f"/s/{slug}/moderation/audit/?page=2",
        "audit_search": f"/s/{slug}/moderation/audit/?q=insults",
        "members": f"/s/{slug}/members/",
        "members_last": f"/s/{slug}/members/?page={-(-members // 25)}",
        "members_search": f"/s/{slug}/members/?q=Person+001",
    }


def counts(client, members: int) -> dict[str, int]:
    user, role = make_staff(make_service(), Role.MODERATOR)
    make_channel(role.service, "simulator")
    client.force_login(user)
    history(role, members)
    found = {}
    for name, url in pages(role, members).items():
        client.get(url)  # the first view of a thread marks it read
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, name
        found[name] = len(captured)
    return found


def test_every_page_is_within_the_budget_and_does_not_grow(client):
    # 40 and 80 members: two pages of members and audit events, two and four of questions.
    small, large = counts(client, 40), counts(client, 80)
    assert max(large.values()) <= MAX_QUERIES, large
    assert small == large == PINNED

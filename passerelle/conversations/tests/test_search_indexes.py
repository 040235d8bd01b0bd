"""PostgreSQL serves the searches' `icontains` from its trigram indexes: Django compiles it to
UPPER(col::text) LIKE UPPER(%s), and the indexes are on UPPER(col) (see the migrations
members 0004, conversations 0008, communities 0007). The tables of a test are tiny, so
sequential and plain index scans are turned off for the plan (left to itself, the planner
reads a few rows any way it likes, depending on the statistics earlier tests left): what
is checked is that the trigram index CAN serve the query, as a bitmap scan, which a trigram
index on the bare column could not."""

import pytest
from django.db import connection

from passerelle.communities.models import MembershipEvent
from passerelle.conversations import selectors
from passerelle.conversations.models import Message
from passerelle.members.models import Identity, Member
from passerelle.members.selectors import member_search
from passerelle.testing.factories import make_staff

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes"),
]


@pytest.fixture
def no_seqscan(db):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (lambda: Message.objects.filter(text__icontains="food bank"), "message_text_trgm"),
        (lambda: Member.objects.filter(display_name__icontains="haddad"), "member_name_trgm"),
        (
            lambda: Identity.objects.filter(address__endswith="6135550123"),
            "identity_address_trgm",
        ),
        (
            lambda: MembershipEvent.objects.filter(reason__icontains="insult"),
            "membership_event_reason_trgm",
        ),
    ],
)
def test_icontains_is_served_by_the_trigram_index(no_seqscan, queryset, index):
    assert index in queryset().explain()


def test_the_inbox_search_filters_with_a_subquery_not_a_join_and_distinct(no_seqscan, service):
    # Which index serves the newest matching messages depends on the table's size and the
    # word (created_at for a common one, the trigram index for a rare one at a million
    # messages: bench/pages.py --explain); no plan has to de-duplicate.
    _user, role = make_staff(service)
    plan = selectors.threads_for(role, query="food bank").explain()
    assert "member_name_trgm" in plan
    # A join + DISTINCT would be de-duplicated at the top: Unique or HashAggregate.
    top = [line.strip(" ->") for line in plan.splitlines()[:3]]
    assert not any(line.startswith(("Unique", "HashAggregate")) for line in top), plan


def test_member_search_reads_the_name_and_address_indexes(no_seqscan, service):
    plan = Member.objects.filter(member_search("+1 613 555 0123", member_field="pk")).explain()
    assert "member_name_trgm" in plan and "identity_address_trgm" in plan

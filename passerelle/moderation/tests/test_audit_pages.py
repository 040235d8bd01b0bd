"""The audit log's pages, read part by part on each table's index (newest end or oldest
end), are the pages of the whole union sorted: every page, with every source mixed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.communities.models import MembershipEvent
from passerelle.communities.services import membership_ensure, membership_event_add
from passerelle.conversations.models import ThreadEvent
from passerelle.moderation.audit import audit_page
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import inbound, make_member
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


def _key(event):
    source = "conversation" if getattr(event, "is_conversation", False) else "membership"
    return (event.created_at, event.pk, source)


def test_every_page_holds_the_union_in_order():
    service = make_service()
    other = make_service()  # its events are never shown
    _user, role = make_staff(service, Role.MODERATOR)
    start = timezone.now() - timedelta(days=30)
    member = make_member(service, name="Samira")
    membership = membership_ensure(service=service, member=member, via="simulator")
    membership_ensure(service=other, member=make_member(other), via="simulator")
    thread = inbound(service, member=member, private=True, text="Bonjour").thread
    for n in range(23):
        at = start + timedelta(hours=n * 7 % 23)  # times out of insertion order, some shared
        if n % 3:
            membership_event_add(
                membership=membership, kind=MembershipEvent.Kind.WARNED, reason=f"r{n}", at=at
            )
        else:
            ThreadEvent.objects.create(
                org_id=service.org_id,
                thread=thread,
                kind=ThreadEvent.Kind.STATUS,
                data={"from": "open", "to": "resolved"},
                created_at=at,
            )
    expected = sorted(
        [
            (e.created_at, e.pk, "membership")
            for e in MembershipEvent.objects.filter(service=service)
        ]
        + [(e.created_at, e.pk, "conversation") for e in ThreadEvent.objects.filter(thread=thread)],
        reverse=True,
    )
    assert len(expected) == 24  # 23 + the joining
    per_page = 5
    pages = [audit_page(role, per_page=per_page, number=n) for n in range(1, 6)]
    assert [_key(e) for page in pages for e in page.object_list] == expected
    assert pages[0].paginator.count == 24 and len(pages[-1].object_list) == 4
    # A kind filter (one part alone), its page in the older half, and past the last page.
    warned = sorted(
        (e.created_at, e.pk, "membership")
        for e in MembershipEvent.objects.filter(service=service, kind="warned")
    )[::-1]
    assert len(warned) == 15
    third = audit_page(role, kind="warned", per_page=per_page, number=3)
    assert [_key(e) for e in third.object_list] == warned[10:15]
    assert audit_page(role, per_page=per_page, number=99).number == 5

"""Two memberships of one person in one service, merged: the stricter status wins, so a
merge never lets back in someone a moderator removed on another channel; the monthly
count follows the merged status, and an undo gives each back its own."""

import pytest
from django.utils import timezone

from passerelle.communities.merge import conflict_note, merged_status
from passerelle.communities.models import Membership, MembershipEvent
from passerelle.communities.selectors import membership_status
from passerelle.communities.services import membership_leave, membership_remove
from passerelle.members.merge import member_merge, member_merge_undo
from passerelle.reports.periods import Period
from passerelle.reports.usage import usage_table
from passerelle.testing import two_channels

fake_graph = two_channels.fake_graph
fake_twilio = two_channels.fake_twilio
wa = two_channels.wa
sms = two_channels.sms
writes = two_channels.writes
role = two_channels.role
person = two_channels.person

S = Membership.Status


@pytest.mark.parametrize(
    "one, other, merged",
    [
        (S.ACTIVE, S.REMOVED, S.REMOVED),
        (S.REMOVED, S.ACTIVE, S.REMOVED),
        (S.REFUSED, S.ACTIVE, S.REFUSED),
        (S.REMOVED, S.REFUSED, S.REMOVED),
        (S.LEFT, S.ACTIVE, S.ACTIVE),
        (S.PENDING, S.LEFT, S.PENDING),
        (S.WITHDRAWN, S.PENDING, S.PENDING),
        (S.LEFT, S.LEFT, S.LEFT),
    ],
)
def test_the_stricter_status_wins(one, other, merged):
    assert merged_status(one, other) == merged_status(other, one) == merged


def test_the_conflict_is_explained():
    assert "never lets back in" in conflict_note(S.ACTIVE, S.REMOVED)
    assert conflict_note(S.ACTIVE, S.ACTIVE) == ""


def _rows(service) -> dict:
    today = timezone.localdate(timezone=service.tz)
    period = Period(today.replace(day=1), today)
    return {row.key: row.values[0] for row in usage_table(service, [period]).rows}


def _members_now(service) -> int:
    return _rows(service)["members_total"]


@pytest.mark.parametrize("removed", ["kept", "merged"])
def test_a_person_removed_on_one_channel_stays_removed_after_a_merge(
    service, person, role, removed
):
    a, b = person
    target = a if removed == "kept" else b
    membership_remove(
        membership=Membership.objects.get(member=target), reason="spam", actor=role.user
    )
    assert _members_now(service) == 1  # still in through the other channel
    merge = member_merge(role=role, kept=a, merged=b)
    assert membership_status(service, a) == S.REMOVED
    assert _members_now(service) == 0
    assert _rows(service)["members_removed"] == 1  # the merge is no second removal
    member_merge_undo(role=role, merge=merge)
    assert membership_status(service, target) == S.REMOVED
    assert membership_status(service, a if target == b else b) == S.ACTIVE
    assert _members_now(service) == 1
    assert not MembershipEvent.objects.filter(kind=MembershipEvent.Kind.MERGE_EXIT).exists()


def test_removed_before_joining_on_the_other_channel_is_counted_out_by_the_merge(
    service, wa, sms, writes, role
):
    a = writes(wa, "Bonjour", name="Amal Haddad")
    membership_remove(membership=Membership.objects.get(member=a), reason="spam", actor=role.user)
    b = writes(sms, "Hello again, by SMS")  # a new member to the service, let in
    assert _members_now(service) == 1
    merge = member_merge(role=role, kept=a, merged=b)
    # Replayed, the events say "in" (removed, then joined by SMS): one event says "out".
    kept = Membership.objects.get(member=a)
    assert kept.status == S.REMOVED
    assert kept.events.filter(kind=MembershipEvent.Kind.MERGE_EXIT).count() == 1
    rows = _rows(service)
    assert (rows["members_total"], rows["members_removed"], rows["members_new"]) == (0, 1, 2)
    member_merge_undo(role=role, merge=merge)
    assert not MembershipEvent.objects.filter(kind=MembershipEvent.Kind.MERGE_EXIT).exists()
    assert _members_now(service) == 1


def test_one_channel_left_while_active_on_the_other_stays_a_member(service, person, role):
    a, b = person
    membership_leave(membership=Membership.objects.get(member=b), via="sms")
    member_merge(role=role, kept=a, merged=b)
    assert membership_status(service, a) == S.ACTIVE
    assert _members_now(service) == 1

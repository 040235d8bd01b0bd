"""Merging a recorded history of joins, leaves and removals into a person's membership."""

from datetime import UTC, datetime, timedelta

from passerelle.communities.models import Membership, MembershipEvent
from passerelle.communities.recorded import Change, membership_history_merge
from passerelle.communities.services import membership_ensure, membership_leave
from passerelle.members.services import member_for_identity


def _at(days):
    return datetime(2019, 3, 1, 12, 0, tzinfo=UTC) + timedelta(days=days)


def _member(service, name="Amal"):
    member, _created = member_for_identity(
        org=service.org, platform="whatsapp_export", address=f"name-{name}", name=name
    )
    return member


def _kinds(member):
    return [
        (e.kind, e.created_at)
        for e in MembershipEvent.objects.filter(membership__member=member).order_by(
            "created_at", "id"
        )
    ]


def test_a_history_builds_the_membership_in_time_order(service):
    amal = _member(service)
    merged = membership_history_merge(
        service=service,
        member=amal,
        via="whatsapp_export",
        changes=[
            Change("left", _at(10), key="b", ref=2),
            Change("joined", _at(0), key="a", ref=1),
            Change("joined", _at(20), key="c", ref=3),
            Change("seen", _at(1)),
        ],
    )
    assert (merged.events, merged.created, merged.unapplied) == (3, True, [])
    assert _kinds(amal) == [("joined", _at(0)), ("left", _at(10)), ("joined", _at(20))]
    membership = Membership.objects.get(member=amal)
    assert (membership.status, membership.joined_at, membership.ended_at) == (
        "active",
        _at(20),
        None,
    )
    again = membership_history_merge(
        service=service,
        member=amal,
        via="whatsapp_export",
        changes=[Change("left", _at(10), key="b"), Change("seen", _at(1))],
    )
    assert (again.events, again.known) == (0, 1)


def test_history_older_than_what_is_known_is_inserted_without_changing_the_status(service):
    amal = _member(service)
    membership = membership_ensure(service=service, member=amal, via="telegram", at=_at(30))
    merged = membership_history_merge(
        service=service,
        member=amal,
        via="whatsapp_export",
        changes=[Change("joined", _at(0), key="a"), Change("left", _at(5), key="b")],
    )
    assert merged.events == 2
    assert [k for k, _at_ in _kinds(amal)] == ["joined", "left", "joined"]
    membership.refresh_from_db()
    assert (membership.status, membership.joined_at) == ("active", _at(30))


def test_history_later_than_what_is_known_says_where_the_person_is_now(service):
    amal = _member(service)
    membership = membership_ensure(service=service, member=amal, via="telegram", at=_at(0))
    membership_history_merge(
        service=service, member=amal, via="x", changes=[Change("removed", _at(3), key="r")]
    )
    membership.refresh_from_db()
    assert (membership.status, membership.ended_at) == ("removed", _at(3))
    membership_history_merge(
        service=service, member=amal, via="x", changes=[Change("joined", _at(4), key="j")]
    )
    assert [k for k, _a in _kinds(amal)] == ["joined", "removed", "readmitted"]


def test_an_exit_of_someone_not_in_is_given_back_with_its_ref(service):
    amal = _member(service)
    membership = membership_ensure(service=service, member=amal, at=_at(0))
    membership_leave(membership=membership, via="telegram", at=_at(2))
    merged = membership_history_merge(
        service=service,
        member=amal,
        via="x",
        changes=[Change("removed", _at(5), key="r", ref={"line": 7})],
    )
    assert merged.events == 0 and merged.unapplied == [
        ({"line": 7}, "was not a member at that time")
    ]

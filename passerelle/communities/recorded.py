"""Memberships from a history that happened elsewhere (an imported chat export).

A group's export says who joined, left and was removed, and when. Those changes are
merged into what the service already knows of each person, in time order, by the rules
the live path follows: an entry needs someone outside, an exit needs a member, and the
first trace of a person (a message, a leave) makes them a member then, as a first word on
a platform does. The membership row ends up as the latest event says. Nothing is sent.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from passerelle.communities.models import Membership, MembershipEvent

Kind = MembershipEvent.Kind
Status = Membership.Status

# What a person is after each kind of event, for the kinds that change it.
_STATE_AFTER = {
    Kind.JOINED: Status.ACTIVE,
    Kind.ACCEPTED: Status.ACTIVE,
    Kind.READMITTED: Status.ACTIVE,
    Kind.LEFT: Status.LEFT,
    Kind.REMOVED: Status.REMOVED,
    Kind.REQUESTED: Status.PENDING,
    Kind.REFUSED: Status.REFUSED,
    Kind.REQUEST_EXPIRED: Status.WITHDRAWN,
    Kind.REQUEST_WITHDRAWN: Status.WITHDRAWN,
}
SEEN, JOINED, LEFT, REMOVED = "seen", "joined", "left", "removed"


@dataclass(frozen=True, slots=True)
class Change:
    """One change a history records: `seen` (the person was there, e.g. wrote), `joined`,
    `left` or `removed`. An event already holding `key` is not written again; `ref` is the
    caller's handle on it (a line number), given back when the change cannot apply."""

    kind: str
    at: datetime
    key: str = ""
    data: dict = field(default_factory=dict)
    ref: object = None


@dataclass(slots=True)
class Merged:
    """What a merge wrote: events, whether the membership is new, the changes that were
    already recorded, and those that contradict the person's history (ref, reason)."""

    events: int = 0
    created: bool = False
    known: int = 0
    unapplied: list = field(default_factory=list)


def _apply(change: Change, state):
    """The event kinds a change writes from `state`, or a reason it cannot apply."""
    member = state == Status.ACTIVE
    if change.kind == SEEN:
        return [] if state is not None else [(Kind.JOINED, True)]
    if change.kind == JOINED:
        if member:
            return []  # already in: nothing happened that counts
        return [(Kind.READMITTED if state == Status.REMOVED else Kind.JOINED, False)]
    if change.kind in (LEFT, REMOVED):
        exit_kind = Kind.LEFT if change.kind == LEFT else Kind.REMOVED
        if member:
            return [(exit_kind, False)]
        if state is None:
            # Their first trace: they were a member until then.
            return [(Kind.JOINED, True), (exit_kind, False)]
        return _("was not a member at that time")
    raise ValueError(f"unknown membership change {change.kind!r}")


def membership_history_merge(*, service, member, changes, via: str) -> Merged:
    """Merge a person's recorded membership changes into their membership, in time order."""
    merged = Merged()
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().filter(service=service, member=member).first()
        )
        existing = list(membership.events.order_by("created_at", "id")) if membership else []
        keys = {(e.data or {}).get("import") for e in existing} - {None}
        fresh = []
        for change in changes:
            if change.key and change.key in keys:
                merged.known += 1
            else:
                fresh.append(change)
                keys.add(change.key)
        # Events already there come first at the same moment: they happened here.
        timeline = [(e.created_at, 0, n, e) for n, e in enumerate(existing)]
        timeline += [(c.at, 1, n, c) for n, c in enumerate(fresh)]
        timeline.sort(key=lambda item: item[:3])
        state, new_events, last_new = None, [], False
        if membership is None:
            membership = Membership(org_id=service.org_id, service=service, member=member)
        entered = ended = None
        for at, _order, _n, item in timeline:
            if isinstance(item, MembershipEvent):
                state = _STATE_AFTER.get(item.kind, state)
                last_new = last_new and item.kind not in _STATE_AFTER
                continue
            kinds = _apply(item, state)
            if isinstance(kinds, str):
                merged.unapplied.append((item.ref, kinds))
                continue
            for kind, inferred in kinds:
                data = {"via": via, **({"inferred": True} if inferred else item.data)}
                if item.key and not inferred:
                    data["import"] = item.key
                new_events.append(
                    MembershipEvent(
                        org_id=service.org_id,
                        service_id=service.pk,
                        membership=membership,
                        kind=kind,
                        data=data,
                        created_at=at,
                    )
                )
                state, last_new = _STATE_AFTER[kind], True
                if state == Status.ACTIVE:
                    entered, ended = at, None
                else:
                    ended = at
        if not new_events:
            return merged
        if membership.pk is None:
            merged.created = True
            membership.status, membership.joined_at, membership.ended_at = state, entered, ended
            membership.save()
        elif last_new:
            # The history reaches later than anything known: it says where they are now.
            changed = {"status": state, "ended_at": ended if state != Status.ACTIVE else None}
            if entered is not None:
                changed["joined_at"] = entered
            if state != Status.ACTIVE:
                changed["muted_until"] = None
            Membership.objects.filter(pk=membership.pk).update(**changed)
        MembershipEvent.objects.bulk_create(new_events, batch_size=500)
        merged.events = len(new_events)
    return merged

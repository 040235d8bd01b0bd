"""Communities' part of a member merge (members.merge): memberships, their events and
join requests.

A membership of B in a service where A has none becomes A's. Where both have one, A's row
is kept and takes the earlier joining (and B's accepted guidelines when A has none); B's
events and join requests move into it, so the history reads as one membership from the
first joining, and B's row, emptied, gets the status "merged" (counted nowhere, listed
nowhere) and stays on the tombstone for an undo. (Keeping A's row rather than whichever is
older spares swapping two rows under the unique service + member rule; every fact of the
older one is kept either way.)

The two statuses of one person in one service can differ. The stricter wins, so a merge
never lets back in someone a moderator removed or refused on another channel: removed,
then refused, come first. Otherwise the person is where their furthest membership got
(active, then pending, left, withdrawn): one channel they left while still active on
another leaves them active, as the group sees them. A mute lasts to the later end.
"""

from django.utils.translation import gettext as _

from passerelle.communities.models import Intake, Membership, MembershipEvent, counted_in
from passerelle.communities.services import membership_event_add
from passerelle.members.merge import MergeContext, register, rows_move, rows_restore

S = Membership.Status
# Strictest first: the first of the two statuses in this list is the merged status.
STRICTNESS = [S.REMOVED, S.REFUSED, S.ACTIVE, S.PENDING, S.LEFT, S.WITHDRAWN]


def merged_status(first: str, second: str) -> str:
    """The status of one person's two memberships of a service once merged."""
    rank = {s: i for i, s in enumerate(STRICTNESS)}
    return min(first, second, key=lambda s: rank.get(s, len(STRICTNESS)))


def conflict_note(kept_status: str, other_status: str) -> str:
    """Why the merged membership has the status it has (shown before merging), or ''."""
    if kept_status == other_status:
        return ""
    result = merged_status(kept_status, other_status)
    labels = dict(S.choices)
    if result in (S.REMOVED, S.REFUSED):
        return _(
            "One is %(one)s and the other %(other)s: the person stays %(result)s, so a merge "
            "never lets back in someone a moderator kept out."
        ) % {"one": labels[kept_status], "other": labels[other_status], "result": labels[result]}
    return _("One is %(one)s and the other %(other)s: the person is %(result)s.") % {
        "one": labels[kept_status],
        "other": labels[other_status],
        "result": labels[result],
    }


def _values(m: Membership) -> dict:
    return {
        "status": m.status,
        "guidelines_accepted_id": m.guidelines_accepted_id,
        "joined_at": m.joined_at.isoformat() if m.joined_at else None,
        "ended_at": m.ended_at.isoformat() if m.ended_at else None,
        "muted_until": m.muted_until.isoformat() if m.muted_until else None,
    }


def _move(ctx: MergeContext) -> dict:
    a, b = ctx.kept, ctx.merged
    record = {"communities.Membership": [], "joined": []}
    ours = {m.service_id: m for m in Membership.objects.select_for_update().filter(member=a)}
    for theirs in Membership.objects.select_for_update().filter(member=b).order_by("pk"):
        other = ours.get(theirs.service_id)
        if other is None:
            record["communities.Membership"] += rows_move(
                Membership.objects.filter(pk=theirs.pk), member=a
            )
            continue
        kept, emptied = other, theirs
        ctx.memberships[emptied.pk] = kept.pk
        joined = {
            "kept": kept.pk,
            "emptied": emptied.pk,
            "before": {str(kept.pk): _values(kept), str(emptied.pk): _values(emptied)},
        }
        status = merged_status(kept.status, emptied.status)
        ends = [t for t in (kept.muted_until, emptied.muted_until) if t]
        starts = [t for t in (kept.joined_at, emptied.joined_at) if t]
        Membership.objects.filter(pk=emptied.pk).update(status=S.MERGED)
        Membership.objects.filter(pk=kept.pk).update(
            status=status,
            joined_at=min(starts) if starts else None,
            guidelines_accepted_id=kept.guidelines_accepted_id or emptied.guidelines_accepted_id,
            ended_at=kept.ended_at if status == kept.status else emptied.ended_at,
            muted_until=max(ends) if ends else None,
        )
        joined["events"] = rows_move(
            MembershipEvent.objects.filter(membership=emptied), membership_id=kept.pk
        )
        joined["intakes"] = rows_move(Intake.objects.filter(membership=emptied), membership=kept)
        joined["correction"] = _count_as(kept, status, ctx)
        record["joined"].append(joined)
    return record


def _count_as(kept: Membership, status: str, ctx: MergeContext) -> int | None:
    """The reports replay the kept membership's events, now both memberships': where that
    no longer says what the merged status says (a removal on one channel, a joining on
    the other later), one event counts the person in or out from the merge on."""
    kinds = kept.events.order_by("created_at", "id").values_list("kind", flat=True)
    if counted_in(kinds) == (status == S.ACTIVE):
        return None
    kind = (
        MembershipEvent.Kind.MERGE_ENTRY if status == S.ACTIVE else MembershipEvent.Kind.MERGE_EXIT
    )
    event = membership_event_add(
        membership=kept, kind=kind, actor=ctx.actor, data={"merged_status": status}, at=ctx.at
    )
    return event.pk


def _undo(ctx: MergeContext, record: dict) -> None:
    for joined in reversed(record.get("joined", [])):
        # The one row a merge creates, and its undo takes away.
        MembershipEvent.objects.filter(pk=joined.get("correction") or 0).delete()
        rows_restore(Intake, joined["intakes"], membership_id=joined["emptied"])
        rows_restore(MembershipEvent, joined["events"], membership_id=joined["emptied"])
        before = joined["before"]
        Membership.objects.filter(pk=joined["kept"]).update(**before[str(joined["kept"])])
        Membership.objects.filter(pk=joined["emptied"]).update(**before[str(joined["emptied"])])
    rows_restore(Membership, record.get("communities.Membership"), member=ctx.merged)


def register_communities() -> None:
    register(
        "communities",
        order=30,
        claims=("communities.Membership.member",),
        move=_move,
        undo=_undo,
    )

"""Events' part of a member merge (members.merge): B's registrations become A's (an event
both registered for keeps B's: one registration per event and member)."""

from passerelle.events.models import Registration
from passerelle.members.merge import register_moves


def _move(ctx, moves) -> None:
    moves.move(
        Registration.objects.filter(member=ctx.merged),
        {"member_id": ctx.merged.pk},
        member=ctx.kept,
    )


def register_events() -> None:
    register_moves("events", order=90, claims=("events.Registration.member",), move=_move)

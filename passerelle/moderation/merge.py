"""Moderation's part of a member merge (members.merge): reports B made (one per person
and message: a message both reported keeps B's), and warnings,
removal proposals and bans of a membership emptied into the one kept."""

from passerelle.members.merge import register_moves
from passerelle.moderation.models import Ban, MemberWarning, RemovalProposal, Report


def _move(ctx, moves) -> None:
    a, b = ctx.kept, ctx.merged
    moves.move(Report.objects.filter(reporter=b), {"reporter_id": b.pk}, reporter=a)
    for old, new in ctx.memberships.items():
        for model in (MemberWarning, RemovalProposal, Ban):
            moves.move(
                model.objects.filter(membership_id=old),
                {"membership_id": old},
                membership_id=new,
            )


def register_moderation() -> None:
    register_moves("moderation", order=40, claims=("moderation.Report.reporter",), move=_move)

"""Prompts' part of a member merge (members.merge): the questions asked of B become A's,
in the thread they moved to (a prompt A has open in that thread already keeps B's where
it was: one open prompt per member and thread)."""

from passerelle.members.merge import register_moves
from passerelle.prompts.models import Prompt


def _move(ctx, moves) -> None:
    a, b = ctx.kept, ctx.merged
    for old, new in ctx.threads.items():
        moves.move(
            Prompt.objects.filter(member=b, thread_id=old),
            {"member_id": b.pk, "thread_id": old},
            member=a,
            thread_id=new,
        )
    moves.move(Prompt.objects.filter(member=b), {"member_id": b.pk}, member=a)


def register_prompts() -> None:
    register_moves("prompts", order=20, claims=("prompts.Prompt.member",), move=_move)

"""Posts' part of a member merge (members.merge): the posts that reached B reached A (a
post that reached both keeps B's row: it was sent twice)."""

from passerelle.members.merge import register_moves
from passerelle.posts.models import PostRecipient


def _move(ctx, moves) -> None:
    moves.move(
        PostRecipient.objects.filter(member=ctx.merged),
        {"member_id": ctx.merged.pk},
        member=ctx.kept,
    )


def register_posts() -> None:
    register_moves("posts", order=80, claims=("posts.PostRecipient.member",), move=_move)

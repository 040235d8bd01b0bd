"""Referrals' part of a member merge (members.merge): B's referrals become A's."""

from passerelle.members.merge import register_moves
from passerelle.referrals.models import Referral


def _move(ctx, moves) -> None:
    moves.move(
        Referral.objects.filter(member=ctx.merged), {"member_id": ctx.merged.pk}, member=ctx.kept
    )


def register_referrals() -> None:
    register_moves("referrals", order=60, claims=("referrals.Referral.member",), move=_move)

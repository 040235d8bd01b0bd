"""Case management's part of a member merge (members.merge): B's client files become A's.

One file per person and service: where A already has a file in the service, B's stays
where it is (rows_move leaves a row a uniqueness rule stops), so nothing is lost and the
caseworker sees both until one is closed."""

from passerelle.cases.models import ClientFile
from passerelle.members.merge import register_moves


def _move(ctx, moves) -> None:
    moves.move(
        ClientFile.objects.filter(member=ctx.merged), {"member_id": ctx.merged.pk}, member=ctx.kept
    )


def register_cases() -> None:
    register_moves("cases", order=95, claims=("cases.ClientFile.member",), move=_move)

"""Surveys' part of a member merge (members.merge): B's places in survey waves and their
answers become A's. A wave that reached both keeps B's row where it is (one per wave and
member), and so does a second survey being answered at once."""

from passerelle.members.merge import register_moves
from passerelle.surveys.models import SurveyRecipient, SurveyResponse


def _move(ctx, moves) -> None:
    for model in (SurveyRecipient, SurveyResponse):
        moves.move(
            model.objects.filter(member=ctx.merged), {"member_id": ctx.merged.pk}, member=ctx.kept
        )


def register_surveys() -> None:
    register_moves(
        "surveys",
        order=70,
        claims=("surveys.SurveyRecipient.member", "surveys.SurveyResponse.member"),
        move=_move,
    )

"""Questions' part of a member merge (members.merge): B's questions become A's, with the
thread they moved to, and so do the after-hours replies of a thread joined into A's."""

from passerelle.members.merge import register_moves
from passerelle.questions.models import AfterHoursReply, Question


def _move(ctx, moves) -> None:
    a, b = ctx.kept, ctx.merged
    for old, new in ctx.threads.items():
        moves.move(Question.objects.filter(thread_id=old), {"thread_id": old}, thread_id=new)
        moves.move(AfterHoursReply.objects.filter(thread_id=old), {"thread_id": old}, thread_id=new)
    moves.move(Question.objects.filter(member=b), {"member_id": b.pk}, member=a)


def register_questions() -> None:
    register_moves("questions", order=50, claims=("questions.Question.member",), move=_move)

"""Questions recorded as history (demo seeds, imports): opened, answered, closed at `at`."""

from datetime import timedelta

from django.utils import timezone

from passerelle.conversations.services import message_record
from passerelle.orgs.models import Role
from passerelle.questions.services import question_close, question_mark_answered, question_open
from passerelle.questions.tests.helpers import inbound, make_standard
from passerelle.testing.factories import make_staff


def test_a_question_opened_answered_and_closed_in_the_past(service):
    make_standard(service)
    user, role = make_staff(service, Role.MODERATOR)
    asked_at = timezone.now() - timedelta(days=10)
    asked = inbound(service, private=True, at=asked_at)
    question = question_open(message=asked, actor=user, via="import", at=asked_at)
    assert question.created_at == asked_at and question.events.get().created_at == asked_at

    reply = message_record(
        thread=asked.thread,
        direction="out",
        author=user,
        text="…",
        at=asked_at + timedelta(hours=2),
    )
    answer = question_mark_answered(
        role=role, question=question, message=reply, at=reply.created_at
    )
    question.refresh_from_db()
    assert answer.created_at == question.answered_at == reply.created_at
    assert question.status == "answered"

    other = question_open(message=inbound(service, at=asked_at), actor=user, at=asked_at)
    closed_at = asked_at + timedelta(days=1)
    question_close(role=role, question=other, at=closed_at)
    assert (other.status, other.closed_at) == ("closed", closed_at)
    assert other.events.latest("id").created_at == closed_at

"""Another member answers in the group: the moderator verifies, adds to, or corrects it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.questions import selectors, verification
from passerelle.questions.tests.helpers import ask, inbound, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(service, mod_role):
    asker = make_member(service, name="Amal", language="ar")
    question = ask(mod_role, member=asker, at=timezone.now() - timedelta(hours=2))
    helper = make_member(service, name="Bilal", language="ar")
    answer = inbound(
        service,
        member=helper,
        text="سجل في مركز الاستقبال",
        reply_to=question.message,
        at=timezone.now() - timedelta(hours=1),
    )
    return question, answer


def test_member_answer_is_a_candidate_and_own_messages_are_not(service, mod_role, asked):
    question, answer = asked
    inbound(service, member=question.member, text="شكرا")  # the asker thanking: not an answer
    assert selectors.member_answer_candidates(question) == [answer]


def test_verified_thanks_the_member_and_answers_the_question(service, mod_role, asked):
    question, answer = asked
    recorded = verification.member_answer_verify(
        role=mod_role, question=question, message=answer, outcome="verified"
    )
    question.refresh_from_db()
    assert question.status == "answered"
    assert recorded.kind == "member" and recorded.verification == "verified"
    posted = recorded.verification_message
    assert "Bilal" in posted.text and "الإجابة صحيحة" in posted.text
    assert posted.reply_to == answer and posted.direction == "out"
    assert question.events.filter(kind="verified").count() == 1
    with pytest.raises(ValidationError):
        verification.member_answer_verify(
            role=mod_role, question=question, message=answer, outcome="verified"
        )


def test_verified_with_additions_posts_them(service, mod_role, asked):
    question, answer = asked
    with pytest.raises(ValidationError):
        verification.member_answer_verify(
            role=mod_role, question=question, message=answer, outcome="verified_additions"
        )
    recorded = verification.member_answer_verify(
        role=mod_role,
        question=question,
        message=answer,
        outcome="verified_additions",
        text="أحضروا جوازات السفر وإثبات العنوان.",
    )
    assert recorded.verification_message.text.endswith("أحضروا جوازات السفر وإثبات العنوان.")
    assert "ولإكمالها" in recorded.verification_message.text


def test_corrected_requires_an_explanation_and_posts_it(service, mod_role, asked):
    question, answer = asked
    with pytest.raises(ValidationError, match="correction"):
        verification.member_answer_verify(
            role=mod_role, question=question, message=answer, outcome="corrected", text="  "
        )
    recorded = verification.member_answer_verify(
        role=mod_role,
        question=question,
        message=answer,
        outcome="corrected",
        text="التسجيل يتم في مجلس المدارس وليس في مركز الاستقبال.",
    )
    assert "تصحيح" in recorded.verification_message.text
    assert question.events.filter(kind="corrected").exists()


def test_reports_count_each_verification(service, mod_role):
    outcomes = ["verified", "verified", "verified_additions", "corrected"]
    for outcome in outcomes:
        question = ask(mod_role, at=timezone.now() - timedelta(hours=2))
        reply = inbound(service, text="جواب", at=timezone.now() - timedelta(hours=1))
        verification.member_answer_verify(
            role=mod_role,
            question=question,
            message=reply,
            outcome=outcome,
            text="" if outcome == "verified" else "x",
        )
    now = timezone.now()
    counts = selectors.verification_counts(mod_role, now - timedelta(days=1), now)
    assert counts == {"verified": 2, "verified_additions": 1, "corrected": 1}


def test_the_question_itself_or_an_older_message_cannot_be_its_answer(service, mod_role, asked):
    question, _answer = asked
    older = inbound(service, text="old", at=question.received_at - timedelta(hours=1))
    for message in (question.message, older):
        with pytest.raises(ValidationError):
            verification.member_answer_verify(
                role=mod_role, question=question, message=message, outcome="verified"
            )


def test_member_answer_flow_over_http(moderator_client, service, moderator):
    from passerelle.orgs.models import StaffRole

    role = StaffRole.objects.get(user=moderator)
    question = ask(role, at=timezone.now() - timedelta(hours=2))
    reply = inbound(service, text="answer from a member", at=timezone.now() - timedelta(hours=1))
    card = moderator_client.get(f"/s/{service.slug}/questions/{question.pk}/card/").content
    assert b"answer from a member" in card and b"Verify a member" in card
    url = f"/s/{service.slug}/questions/{question.pk}/verify/"
    response = moderator_client.post(
        url, {"message": reply.pk, "outcome": "corrected"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422 and b"correction" in response.content
    response = moderator_client.post(
        url, {"message": reply.pk, "outcome": "verified"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b"Verified" in response.content
    assert question.answers.get().verification == "verified"

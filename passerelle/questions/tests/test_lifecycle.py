"""A question's life: opened by a label (once), acknowledged, assigned, answered, closed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.conversations.models import Message
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.questions import services
from passerelle.questions.models import Question, QuestionEvent
from passerelle.questions.services import message_label_set
from passerelle.questions.standards import due_at
from passerelle.questions.tests.helpers import ask, inbound, make_member, make_standard
from passerelle.testing.factories import make_channel, make_staff

pytestmark = pytest.mark.django_db


def test_labelling_a_request_opens_exactly_one_question(service, mod_role):
    standard = make_standard(service)
    message = inbound(service)
    for _ in range(3):
        message_label_set(role=mod_role, message=message, label="request")
    question = Question.objects.get()
    assert question.message == message and question.status == "open"
    assert question.received_at == message.created_at
    assert question.due_at == due_at(message.created_at, standard)
    assert question.warn_at == question.due_at - timedelta(minutes=standard.warn_before_minutes)
    assert QuestionEvent.objects.filter(kind="opened").count() == 1


def test_relabelling_away_cancels_and_back_reopens_with_the_original_clock(service, mod_role):
    make_standard(service)
    question = ask(mod_role)
    due = question.due_at
    message_label_set(role=mod_role, message=question.message, label="other")
    question.refresh_from_db()
    assert question.status == "cancelled" and question.due_at is None
    message_label_set(role=mod_role, message=question.message, label="request")
    question.refresh_from_db()
    assert question.status == "open" and question.due_at == due
    assert Question.objects.count() == 1
    kinds = list(question.events.values_list("kind", flat=True))
    assert kinds == ["opened", "cancelled", "reopened"]


def test_relabelling_an_answered_question_keeps_it(service, mod_role):
    question = ask(mod_role)
    services.question_answer(role=mod_role, question=question, text="نعم، في مركز التسجيل.")
    message_label_set(role=mod_role, message=question.message, label="information")
    question.refresh_from_db()
    assert question.status == "answered"


def test_outbound_and_other_labels_open_nothing(service, mod_role):
    thread = inbound(service).thread
    reply = message_reply(role=mod_role, thread=thread, text="info")
    message_label_set(role=mod_role, message=reply, label="request")
    message_label_set(role=mod_role, message=inbound(service), label="information")
    assert not Question.objects.exists()


def test_a_service_without_standard_gets_the_default_one(service, mod_role):
    question = ask(mod_role)
    assert service.standard.target_hours == 24 and service.standard.counting == "business_hours"
    assert question.due_at is not None


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ar", "نحن نعمل على ذلك"),
        ("fr", "nous nous en occupons"),
        ("en", "we are looking into it"),
    ],
)
def test_acknowledgement_is_sent_in_the_members_language(service, mod_role, language, expected):
    make_channel(service, "simulator")
    member = make_member(service, language=language, name="Noor")
    question = ask(mod_role, member=member)
    message = services.question_acknowledge(role=mod_role, question=question)
    assert expected in message.text and "Noor" in message.text
    assert message.reply_to == question.message and message.language == language
    assert OutboundMessage.objects.filter(source_id=message.pk).exists()
    question.refresh_from_db()
    assert question.status == "acknowledged" and question.acknowledged_at is not None
    # The standard keeps the clock running by default.
    assert question.due_at is not None
    event = question.events.get(kind="acknowledged")
    assert event.data["clock_stopped"] is False and event.actor == mod_role.user
    with pytest.raises(ValidationError):
        services.question_acknowledge(role=mod_role, question=question)


def test_acknowledgement_stops_the_clock_when_the_service_says_so(service, mod_role):
    make_standard(service, acknowledgement_stops_clock=True)
    question = ask(mod_role)
    services.question_acknowledge(role=mod_role, question=question, text="On s'en occupe.")
    question.refresh_from_db()
    assert question.due_at is None and question.warn_at is None
    assert question.events.get(kind="acknowledged").data["clock_stopped"] is True
    assert Message.objects.filter(direction="out", text="On s'en occupe.").exists()


def test_answer_records_the_reply_and_whether_it_was_on_time(service, mod_role):
    question = ask(mod_role)
    answer = services.question_answer(role=mod_role, question=question, text="  الجواب  ")
    question.refresh_from_db()
    assert question.status == "answered" and question.answered_at is not None
    assert answer.message.text == "الجواب" and answer.message.reply_to == question.message
    assert answer.kind == "staff" and answer.faq_entry is None
    assert question.events.get(kind="answered").data["on_time"] is True


def test_mark_answered_links_a_reply_already_sent(service, mod_role):
    question = ask(mod_role)
    reply = message_reply(role=mod_role, thread=question.thread, text="answered in the box")
    services.question_mark_answered(role=mod_role, question=question, message=reply)
    question.refresh_from_db()
    assert question.status == "answered" and question.answers.get().message == reply
    with pytest.raises(ValidationError):
        services.question_mark_answered(role=mod_role, question=question, message=reply)


def test_assign_to_me_and_only_moderators_assign_others(service, mod_role):
    question = ask(mod_role)
    partner_user, partner_role = make_staff(service, Role.PARTNER)
    services.question_assign(role=mod_role, question=question, assignee=partner_user)
    assert Question.objects.get().assignee == partner_user
    with pytest.raises(PermissionDenied):
        services.question_assign(role=partner_role, question=question, assignee=mod_role.user)
    services.question_assign(role=partner_role, question=question, assignee=partner_user)
    viewer, _role = make_staff(service, Role.VIEWER)
    with pytest.raises(ValidationError):
        services.question_assign(role=mod_role, question=question, assignee=viewer)


def test_close_and_reopen_start_a_fresh_clock(service, mod_role):
    question = ask(mod_role, at=timezone.now() - timedelta(days=10))
    Question.objects.filter(pk=question.pk).update(breached_at=timezone.now())
    services.question_close(role=mod_role, question=question)
    question.refresh_from_db()
    assert question.status == "closed" and question.due_at is None
    with pytest.raises(ValidationError):
        services.question_answer(role=mod_role, question=question, text="late")
    services.question_reopen(question=question, actor=mod_role.user)
    question.refresh_from_db()
    assert question.status == "open" and question.breached_at is None
    assert question.due_at > timezone.now()

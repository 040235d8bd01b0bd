"""Nothing waits untracked: private messages are timed from arrival, through the webhook."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.conversations.models import Message
from passerelle.conversations.services import message_reply, message_send_system
from passerelle.questions.models import Answer, Question, QuestionEvent
from passerelle.questions.selectors import question_counts, questions_for
from passerelle.questions.services import (
    message_label_set,
    question_acknowledge,
    question_answer,
)
from passerelle.questions.standards import due_at
from passerelle.questions.sweep import questions_alert_sweep
from passerelle.questions.tests.helpers import make_standard
from passerelle.testing.factories import post_signed

pytestmark = pytest.mark.django_db


def _write(client, channel, capture, text, *, at=None, chat="private", sender="sms-9"):
    event_id = f"sim-{uuid.uuid4()}"
    body = {
        "event_id": event_id,
        "type": "message",
        "chat": chat,
        "text": text,
        "message_id": event_id,
        "timestamp": (at or timezone.now()).timestamp(),
        "sender": {"id": sender, "name": "Samir", "language": "ar"},
    }
    with capture(execute=True):
        assert post_signed(client, channel, json.dumps(body).encode()).status_code == 200
    return Message.objects.filter(direction="in").latest("id")


@pytest.fixture
def write(client, sim_channel, django_capture_on_commit_callbacks):
    def _w(text, **kw):
        return _write(client, sim_channel, django_capture_on_commit_callbacks, text, **kw)

    return _w


def test_a_private_message_is_timed_from_arrival_and_alerted(sim_channel, mod_role, write):
    standard = make_standard(sim_channel.service, target_hours=48)
    asked = write("مرحبا، سؤال عن الإيجار", at=timezone.now() - timedelta(days=10))
    item = Question.objects.get()
    assert item.source == "private" and item.message == asked and item.status == "open"
    assert item.received_at == asked.created_at
    assert item.due_at == due_at(asked.created_at, standard)
    assert item.warn_at == item.due_at - timedelta(minutes=standard.warn_before_minutes)
    assert item.events.get().data["via"] == "private"
    # Ten days ago under 48 business hours: overdue now, in the view, the counts, the alerts.
    assert list(questions_for(mod_role, view="overdue")) == [item]
    assert question_counts(mod_role)["overdue"] == 1
    assert questions_alert_sweep() == 1
    assert item.events.filter(kind=QuestionEvent.Kind.OVERDUE).count() == 1


def test_messages_in_a_row_share_the_first_clock_and_a_staff_reply_stops_it(
    sim_channel, mod_role, write
):
    first = write("Bonjour", at=timezone.now() - timedelta(hours=3))
    write("J'ai une question sur l'école", at=timezone.now() - timedelta(hours=2))
    write("Vous êtes là ?", at=timezone.now() - timedelta(hours=1))
    item = Question.objects.get()
    assert item.message == first and item.received_at == first.created_at
    reply = message_reply(role=mod_role, thread=item.thread, text="Oui, nous sommes là.")
    item.refresh_from_db()
    assert item.status == "answered" and item.answered_at == reply.created_at
    assert Answer.objects.get(question=item).message == reply
    assert item.events.filter(kind="answered").get().data["via"] == "reply"
    assert not questions_for(mod_role, view="open").exists()
    # The next message after the reply waits again, with a clock of its own.
    again = write("Merci, et pour la garderie ?")
    second = Question.objects.exclude(pk=item.pk).get()
    assert second.message == again and second.source == "private" and second.is_waiting


def test_labelling_a_waiting_private_message_keeps_its_clock(sim_channel, mod_role, write):
    make_standard(sim_channel.service)
    write("Salut", at=timezone.now() - timedelta(hours=5))
    later = write("Comment renouveler mon permis ?", at=timezone.now() - timedelta(hours=4))
    item = Question.objects.get()
    received, due = item.received_at, item.due_at
    message_label_set(role=mod_role, message=later, label="request")
    item.refresh_from_db()
    # The same row, now the toolkit's question, on the labelled message, with the same clock.
    assert Question.objects.count() == 1
    assert item.source == "labelled" and item.message == later
    assert (item.received_at, item.due_at) == (received, due)
    assert item.events.filter(kind="labelled").count() == 1
    # Labelled again (a second click): nothing moves.
    message_label_set(role=mod_role, message=later, label="request")
    assert Question.objects.count() == 1 and item.events.count() == 2
    # Labelled away: the member still waits, so it goes back to waiting privately.
    message_label_set(role=mod_role, message=later, label="other")
    item.refresh_from_db()
    assert item.source == "private" and item.status == "open" and item.due_at == due


def test_a_labelled_private_question_is_answered_from_the_panel_once(sim_channel, mod_role, write):
    asked = write("Où apprendre le français ?")
    item = Question.objects.get()
    answer = question_answer(role=mod_role, question=item, text="Au CLIC, près de chez vous.")
    item.refresh_from_db()
    assert item.status == "answered" and answer.message.reply_to == asked
    assert Answer.objects.filter(question=item).count() == 1
    assert item.events.filter(kind="answered").count() == 1


def test_another_label_does_not_stop_the_clock_and_groups_stay_as_they_were(
    sim_channel, mod_role, write
):
    asked = write("Bonjour !")
    message_label_set(role=mod_role, message=asked, label="other")
    assert Question.objects.get().is_waiting
    group = write("Question dans le groupe", chat="group", sender="sms-10")
    assert not Question.objects.filter(message=group).exists()
    message_label_set(role=mod_role, message=group, label="request")
    assert Question.objects.get(message=group).source == "labelled"


def test_an_acknowledgement_is_a_staff_reply_and_an_automatic_message_is_not(
    sim_channel, mod_role, write
):
    write("Bonjour, j'ai une question compliquée sur mon dossier.")
    item = Question.objects.get()
    message_send_system(thread=item.thread, text="Message automatique")
    item.refresh_from_db()
    assert item.is_waiting  # no person answered yet
    question_acknowledge(role=mod_role, question=item)
    item.refresh_from_db()
    assert item.status == "answered" and item.acknowledged_at is not None
    assert {e.kind for e in item.events.all()} == {"opened", "answered", "acknowledged"}

"""The Calgary policy (Annex 3) walked on one client, through the real pipeline where a
client writes (the simulator's webhook) and the real scheduler where time passes.

Part A's enrolment by WhatsApp template and the referral consent check are added to this
walk when the two branches meet (the integrator's).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from passerelle.cases import followup, protocol
from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.tests.helpers import case_settings, caseworker, client_asks, make_file
from passerelle.common.scheduler import run_jobs_once
from passerelle.conversations.models import Message
from passerelle.members.models import ConsentEvent
from passerelle.members.services import consent_record
from passerelle.orgs.models import Role
from passerelle.prompts.models import Prompt
from passerelle.questions.models import Question
from passerelle.questions.standards import next_opening
from passerelle.questions.tests.helpers import make_standard
from passerelle.testing.factories import post_signed, sim_body

pytestmark = pytest.mark.django_db
CALGARY = ZoneInfo("America/Edmonton")
Kind = CaseEvent.Kind


def _client_writes(client, channel, file, text, capture):
    # The webhook's processing runs when its transaction commits (a task).
    address = file.member.identities.get().address
    body = sim_body(sender=address, name=file.member.display_name, chat="private", text=text)
    with capture(execute=True):
        assert post_signed(client, channel, body).status_code == 200
    message = Message.objects.filter(member=file.member, direction="in").latest("pk")
    assert message.text == text
    return message


def _sent(file):
    return Message.objects.filter(thread__member=file.member, direction="out").latest("pk")


def test_the_calgary_policy(client, service, sim_channel, django_capture_on_commit_callbacks):
    service.mode, service.timezone = "one_to_one", "America/Edmonton"
    service.save(update_fields=["mode", "timezone"])
    # §6: within 24 hours, counted in business days, Monday to Friday 9–17, Alberta.
    standard = make_standard(service, counting="business_days", subdivision="AB")
    settings = case_settings(service, consent_version="2026-11")
    worker, role = caseworker(service)
    on_call, _r = caseworker(service, Role.ADMIN)
    settings.on_call.add(on_call)
    file = make_file(
        service, language="en", caseworker=worker, emergency_contacts="Brother 403-555-0142"
    )

    # §2 consent, given in the conversation as a prompt answer. INTEGRATOR: part A's consent
    # prompt owner replaces this direct record (the answer "1" to its yes/no prompt).
    consent = consent_record(
        service=service,
        member=file.member,
        purpose=ConsentEvent.Purpose.GUIDELINES,
        action=ConsentEvent.Action.GIVEN,
        version=settings.consent_version,
        via="prompt",
    )
    assert consent.version == "2026-11"

    # §6: a question on Friday at 17:30 is due Monday 9:00 plus the standard.
    friday = datetime(2026, 11, 13, 17, 30, tzinfo=CALGARY)
    question = client_asks(role, file, "Where do I renew my permit?", at=friday)
    monday = datetime(2026, 11, 16, 9, 0, tzinfo=CALGARY)
    assert next_opening(friday, standard.as_spec()) == monday
    assert question.due_at == monday + timedelta(hours=24)  # one business day: Tuesday 9:00
    protocol.acknowledge(role=role, file=file, question=question)
    question.refresh_from_db()
    assert question.status == Question.Status.ACKNOWLEDGED
    assert _sent(file).reply_to_id == question.message_id

    # §2: a message marked urgent alerts the on-call staff by e-mail within one tick.
    with django_capture_on_commit_callbacks(execute=True):
        urgent = _client_writes(
            client,
            sim_channel,
            file,
            "My husband says he will hurt me",
            django_capture_on_commit_callbacks,
        )
        protocol.urgent_mark(role=role, file=file, message=urgent)
        run_jobs_once()
    assert [m.to for m in mail.outbox] == [[on_call.email]]
    assert "Brother 403-555-0142" in mail.outbox[0].body
    protocol.urgent_clear(role=role, file=file, reason="Safe: shelter place found")

    # §4, §5, §9: two off-topic messages lead to the in-person invitation.
    for text in ("Selling my sofa, 50$", "Anyone want the sofa?"):
        message = _client_writes(
            client, sim_channel, file, text, django_capture_on_commit_callbacks
        )
        protocol.offtopic_respond(
            role=role, file=file, message=message, reason="Not a settlement topic."
        )
    assert _sent(file).text == settings.in_person_invitation["en"]
    assert protocol.offtopic_next_step(file) == protocol.STEP_LIMIT_OR_END

    # §10: the monthly check-in is sent, answered "2", and recorded.
    followup.followup_plan(role=role, file=file, cadence=ClientFile.Cadence.MONTHLY)
    ClientFile.objects.filter(pk=file.pk).update(
        next_followup_at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_jobs_once()
    prompt = Prompt.objects.get(owner="case_checkin", owner_id=file.pk, state=Prompt.State.OPEN)
    assert _sent(file).text.startswith("How are things going?")
    answer = _client_writes(client, sim_channel, file, "2", django_capture_on_commit_callbacks)
    prompt.refresh_from_db()
    assert prompt.state == Prompt.State.ANSWERED
    recorded = file.events.get(kind=Kind.CHECKIN_ANSWERED)
    assert recorded.data["answer"] == "difficulties" and recorded.data["number"] == 2
    assert recorded.message == answer

    assert list(file.events.order_by("pk").values_list("kind", flat=True)) == [
        Kind.ACKNOWLEDGED,
        Kind.URGENT,
        Kind.URGENT_ALERTED,
        Kind.URGENT_CLEARED,
        Kind.OFF_TOPIC,
        Kind.IN_PERSON,
        Kind.FOLLOWUP_PLANNED,
        Kind.CHECKIN_SENT,
        Kind.CHECKIN_ANSWERED,
    ]

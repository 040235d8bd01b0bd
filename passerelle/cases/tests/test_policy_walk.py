"""The Calgary policy (Annex 3) walked on one client, through the real pipeline where a
client writes (the simulator's webhook) and the real scheduler where time passes.

The walk is in two parts: a client enrolled by WhatsApp template who gives consent by
answering a prompt, and whose referral is refused until they agree to share with that
partner; then, on one client, the response standard, the emergency protocol, the off-topic
steps and the monthly check-in.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.cases import followup, protocol
from passerelle.cases.consent import consent_request_send
from passerelle.cases.enrolment import client_enrol_by_phone
from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.tests.helpers import case_settings, caseworker, client_asks, make_file
from passerelle.channels.models import OutboundMessage
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.common.scheduler import run_jobs_once
from passerelle.conversations.models import Message
from passerelle.members.models import ConsentEvent, partner_scope
from passerelle.members.selectors import consent_is_given
from passerelle.orgs.models import Role
from passerelle.prompts.models import Prompt
from passerelle.questions.models import Question
from passerelle.questions.standards import next_opening
from passerelle.questions.tests.helpers import make_standard
from passerelle.referrals.models import Partner, Referral
from passerelle.referrals.services import referral_create
from passerelle.testing.factories import post_signed, sim_body
from passerelle.testing.platforms import make_whatsapp
from passerelle.testing.two_channels import writes  # noqa: F401

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


def test_enrolled_by_whatsapp_template_consent_by_prompt_and_the_partner_rule(
    service,
    fake_graph,
    writes,  # noqa: F811
):
    service.mode = "one_to_one"
    service.save(update_fields=["mode"])
    wa = make_whatsapp(service, fake_graph)
    template = WhatsAppTemplate.objects.create(
        org=service.org, channel=wa, name="case_welcome", language="en", body="Hello {{1}}"
    )
    _worker, role = caseworker(service)
    partner = Partner.objects.create(org=service.org, name="Calgary Housing Help")

    # §1–2: enrolled by phone; the first message is the approved template.
    file = client_enrol_by_phone(
        role=role, phone="587 555 0123", language="en", name="Salma", channel=wa, template=template
    )
    first = OutboundMessage.objects.get(channel=wa)
    assert first.recipient == "15875550123" and first.template["name"] == "case_welcome"
    assert file.events.filter(kind=Kind.ENROLLED).exists()

    # The client answers on WhatsApp and asks; sharing with a partner needs their consent.
    assert writes(wa, "Where can I find help with my rent?", address="+15875550123") == file.member
    question = Question.objects.get(member=file.member)
    with pytest.raises(ValidationError, match="has not agreed to share"):
        referral_create(role=role, question=question, partner=partner, text="Call them")
    assert not Referral.objects.exists()

    # §2: consent asked in the conversation, given by the answer "1".
    prompt = consent_request_send(role=role, file=file, purpose="data_sharing", partner=partner)
    writes(wa, "1", address="+15875550123")
    prompt.refresh_from_db()
    assert prompt.state == Prompt.State.ANSWERED
    given = ConsentEvent.objects.get(member=file.member, action="given")
    assert (given.via, given.scope) == ("prompt", partner_scope(partner.pk))
    assert consent_is_given(file.member, service.pk, "data_sharing", partner_scope(partner.pk))
    referral = referral_create(role=role, question=question, partner=partner, text="Call them")
    assert referral.partner == partner
    assert file.events.filter(kind=Kind.REFERRED).exists()


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

    # §2 consent to the service, given in the conversation as a prompt answer.
    consent_request_send(role=role, file=file, purpose=ConsentEvent.Purpose.SERVICE)
    _client_writes(client, sim_channel, file, "1", django_capture_on_commit_callbacks)
    consent = ConsentEvent.objects.get(member=file.member, purpose="service", action="given")
    assert (consent.version, consent.via) == ("2026-11", "prompt")

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
        Kind.CONSENT_REQUESTED,
        Kind.CONSENT,
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

"""Opening a client file: from a member, by phone number (WhatsApp template or SMS), and
when a caseworker accepts a join request to a one-to-one service."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passerelle.cases.enrolment import client_enrol, client_enrol_by_phone, phone_normalise
from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.channels.models import OutboundMessage
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.communities.intake import intake_accept
from passerelle.communities.models import Intake, Membership
from passerelle.conversations.models import Message, Thread
from passerelle.members.models import Identity, Member
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import make_member
from passerelle.testing.factories import make_service, make_staff
from passerelle.testing.platforms import make_sms, make_whatsapp

pytestmark = pytest.mark.django_db


def test_a_member_is_enrolled_once_with_an_enrolled_event(worker, amira):
    file = client_enrol(role=worker, member=amira, preferred_times="mornings")
    assert file.caseworker == worker.user and file.enrolled_by == worker.user
    assert file.languages == ["ar"] and file.status == ClientFile.Status.ENROLLED
    assert file.preferred_times == "mornings"
    event = file.events.get()
    assert (event.kind, event.actor, event.data) == ("enrolled", worker.user, {"via": "member"})
    with pytest.raises(ValidationError, match="already has a client file"):
        client_enrol(role=worker, member=amira)
    assert ClientFile.objects.count() == 1


def test_a_group_service_and_a_stranger_are_refused(worker, amira, calgary):
    stranger = make_member(make_service(org=calgary.org), name="Not here")
    with pytest.raises(PermissionDenied):
        client_enrol(role=worker, member=stranger)
    group = make_service(org=calgary.org)
    _user, group_role = make_staff(group, Role.MODERATOR)
    member = make_member(group)
    Membership.objects.create(org=group.org, service=group, member=member, joined_at=timezone.now())
    with pytest.raises(ValidationError, match="one-to-one"):
        client_enrol(role=group_role, member=member)
    assert not ClientFile.objects.exists()


def test_the_caseworker_must_hold_cases_in_the_service(worker, amira, calgary):
    volunteer, _role = make_staff(calgary, Role.VOLUNTEER)
    with pytest.raises(ValidationError, match="caseworker"):
        client_enrol(role=worker, member=amira, caseworker=volunteer)
    colleague, _role = make_staff(calgary, Role.ADMIN)
    assert client_enrol(role=worker, member=amira, caseworker=colleague).caseworker == colleague


def test_a_volunteer_cannot_enrol(calgary, amira):
    _user, volunteer = make_staff(calgary, Role.VOLUNTEER)
    with pytest.raises(PermissionDenied):
        client_enrol(role=volunteer, member=amira)


def test_enrol_by_whatsapp_template_sends_it_through_the_pipeline(calgary, worker, fake_graph):
    channel = make_whatsapp(calgary, fake_graph)
    template = WhatsAppTemplate.objects.create(
        org=calgary.org,
        channel=channel,
        name="case_welcome",
        language="ar",
        body="مرحبا {{1}}، هذه خدمة {{2}}. ردّي على هذه الرسالة لنبدأ.",
    )
    file = client_enrol_by_phone(
        role=worker,
        phone="(587) 555-0123",
        language="ar",
        name="سلمى",
        channel=channel,
        template=template,
    )
    member = file.member
    assert member.display_name == "سلمى" and member.language == "ar"
    # WhatsApp's address is the E.164 number without its "+".
    assert Identity.objects.get(member=member).urn == "whatsapp:15875550123"
    assert Membership.objects.get(member=member, service=calgary).status == "active"
    thread = Thread.objects.get(member=member, service=calgary, kind="private")
    message = Message.objects.get(thread=thread)
    assert message.text.startswith("مرحبا سلمى، هذه خدمة " + calgary.name)
    send = OutboundMessage.objects.get(source_id=message.pk)
    assert send.recipient == "15875550123" and send.channel == channel
    assert send.template == {
        "name": "case_welcome",
        "language": "ar",
        "params": ["سلمى", calgary.name],
    }
    event = file.events.get(kind=CaseEvent.Kind.ENROLLED)
    assert event.message == message and event.data["via"] == "phone"


def test_enrol_by_sms_sends_the_text(calgary, worker, fake_twilio):
    channel = make_sms(calgary, fake_twilio)
    file = client_enrol_by_phone(
        role=worker,
        phone="+1 403 555 0188",
        language="fr",
        name="Jeanne",
        channel=channel,
        text="Bonjour Jeanne, ici votre intervenante.",
    )
    assert Identity.objects.get(member=file.member).urn == "tel:+14035550188"
    send = OutboundMessage.objects.get()
    assert send.recipient == "+14035550188" and send.text.startswith("Bonjour Jeanne")
    assert file.languages == ["fr"]


def test_whatsapp_without_a_template_and_bad_numbers_change_nothing(calgary, worker, fake_graph):
    channel = make_whatsapp(calgary, fake_graph)
    with pytest.raises(ValidationError, match="approved template"):
        client_enrol_by_phone(
            role=worker, phone="5875550123", language="ar", name="X", channel=channel, text="hi"
        )
    with pytest.raises(ValidationError, match="not a phone number"):
        phone_normalise("12")
    assert phone_normalise("403-555-0188") == "+14035550188"
    assert not Member.objects.exists() and not OutboundMessage.objects.exists()


def test_a_failed_send_rolls_the_whole_enrolment_back(calgary, worker, fake_graph):
    channel = make_whatsapp(calgary, fake_graph)
    template = WhatsAppTemplate.objects.create(
        org=calgary.org, channel=channel, name="t3", language="en", body="{{1}} {{2}} {{3}}"
    )
    with pytest.raises(ValidationError, match="more than two parameters"):
        client_enrol_by_phone(
            role=worker,
            phone="5875550123",
            language="en",
            name="A",
            channel=channel,
            template=template,
        )
    assert not Member.objects.exists() and not ClientFile.objects.exists()


def _review_intake(service, member):
    membership = Membership.objects.create(
        org=service.org, service=service, member=member, status="pending"
    )
    return Intake.objects.create(
        org=service.org,
        service=service,
        membership=membership,
        source="message",
        state=Intake.State.REVIEW,
        language="ar",
        started_at=timezone.now(),
    )


def test_a_caseworker_accepting_a_join_request_opens_the_file(calgary, worker, sim):
    member = make_member(calgary, name="Huda")
    intake_accept(intake=_review_intake(calgary, member), role=worker, send=False)
    file = ClientFile.objects.get(member=member)
    assert file.caseworker == worker.user and file.languages == ["ar"]
    assert file.events.get().data["via"] == "join_request"


def test_an_automatic_acceptance_or_a_group_service_opens_none(calgary, worker, sim):
    member = make_member(calgary)
    intake_accept(intake=_review_intake(calgary, member), actor=None, send=False)
    group = make_service(org=calgary.org)
    _user, group_role = make_staff(group, Role.MODERATOR)
    other = make_member(group)
    intake_accept(intake=_review_intake(group, other), role=group_role, send=False)
    assert not ClientFile.objects.exists()

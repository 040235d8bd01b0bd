"""The protocol's actions on a file: each says its text in the client's language and
writes its event; the urgent alert goes once, by e-mail, at the next scheduler tick."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from passerelle.cases import protocol
from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.sweep import urgent_alerts_sweep
from passerelle.cases.tests.helpers import (
    case_settings,
    caseworker,
    client_asks,
    client_says,
    make_file,
)
from passerelle.common.scheduler import run_jobs_once
from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.questions.models import Question, QuestionEvent
from passerelle.questions.tests.helpers import make_standard

pytestmark = pytest.mark.django_db
Kind = CaseEvent.Kind


def _kinds(file):
    return list(file.events.values_list("kind", flat=True))


def _last_sent(file):
    return Message.objects.filter(
        thread__member=file.member, direction="out", service=file.service
    ).latest("pk")


def test_urgent_alerts_the_on_call_staff_once_within_one_tick(
    service, django_capture_on_commit_callbacks
):
    case_settings(service)
    user, role = caseworker(service)
    on_call, _r = caseworker(service, Role.ADMIN)
    service.case_settings.on_call.add(on_call)
    file = make_file(service, emergency_contacts="Sister: 403-555-0199")
    message = client_says(file, "he will hurt me tonight")
    with django_capture_on_commit_callbacks(execute=True):
        protocol.urgent_mark(role=role, file=file, message=message)
        assert mail.outbox == []
        run_jobs_once()
        run_jobs_once()  # the claim holds: a second tick sends nothing more
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [on_call.email]
    assert "he will hurt me tonight" in email.body and "403-555-0199" in email.body
    file.refresh_from_db()
    assert file.urgent_at and file.urgent_alerted_at and file.urgent_by == user
    urgent = file.events.get(kind=Kind.URGENT)
    assert urgent.actor == user and urgent.message == message
    assert file.events.filter(kind=Kind.URGENT_ALERTED).count() == 1


def test_marked_twice_is_refused_cleared_is_an_event_and_volunteers_cannot(
    service, django_capture_on_commit_callbacks
):
    _user, role = caseworker(service)
    file = make_file(service)
    protocol.urgent_mark(role=role, file=file)
    with pytest.raises(ValidationError):
        protocol.urgent_mark(role=role, file=file)
    protocol.urgent_clear(role=role, file=file, reason="Safe at her sister's")
    file.refresh_from_db()
    assert file.urgent_at is None
    assert _kinds(file) == [Kind.URGENT, Kind.URGENT_CLEARED]
    # Cleared before the tick: nothing is announced about it.
    with django_capture_on_commit_callbacks(execute=True):
        assert urgent_alerts_sweep() == 0
    assert mail.outbox == []
    _v, volunteer = caseworker(service, Role.VOLUNTEER)
    with pytest.raises(PermissionDenied):
        protocol.urgent_mark(role=volunteer, file=file)


def test_without_on_call_staff_the_moderators_are_alerted(
    service, django_capture_on_commit_callbacks
):
    user, role = caseworker(service)
    file = make_file(service)
    with django_capture_on_commit_callbacks(execute=True):
        protocol.urgent_mark(role=role, file=file)
        urgent_alerts_sweep()
    assert mail.outbox[0].to == [user.email]


def test_acknowledgement_is_recorded_by_the_standard(service):
    make_standard(service)
    _user, role = caseworker(service)
    file = make_file(service)
    question = client_asks(role, file, "أحتاج إلى مساعدة في السكن")
    protocol.acknowledge(role=role, file=file, question=question)
    question.refresh_from_db()
    assert question.status == Question.Status.ACKNOWLEDGED and question.acknowledged_at
    assert question.events.filter(kind=QuestionEvent.Kind.ACKNOWLEDGED).count() == 1
    event = file.events.get(kind=Kind.ACKNOWLEDGED)
    sent = _last_sent(file)
    assert event.data["sent"] == sent.pk and sent.language == "ar"
    assert list(protocol.client_questions_waiting(file)) == []


def test_in_person_invitation_in_the_clients_language(service):
    case_settings(service)
    _user, role = caseworker(service)
    file = make_file(service, language="ar")
    protocol.in_person_invite(role=role, file=file)
    sent = _last_sent(file)
    assert "403-555-0100" in sent.text and "تعال" in sent.text and sent.language == "ar"
    english = make_file(service, language="en")
    protocol.in_person_invite(role=role, file=english)
    assert _last_sent(english).text.startswith("Come and see us")
    assert _kinds(file) == [Kind.IN_PERSON]


def test_no_invitation_text_no_send(service):
    _user, role = caseworker(service)
    file = make_file(service)
    with pytest.raises(ValidationError):
        protocol.in_person_invite(role=role, file=file)
    assert not file.events.exists()


def test_two_off_topic_messages_lead_to_the_in_person_invitation(service):
    case_settings(service)
    _user, role = caseworker(service)
    file = make_file(service, language="en")
    first = client_says(file, "Want to buy a car cheap?")
    assert protocol.offtopic_next_step(file) == protocol.STEP_TOPICS
    protocol.offtopic_respond(role=role, file=file, message=first, reason="We do not sell cars.")
    sent = _last_sent(file)
    assert sent.text.startswith("We do not sell cars.") and "housing, school" in sent.text
    assert protocol.offtopic_next_step(file) == protocol.STEP_IN_PERSON
    second = client_says(file, "Car for sale, call me")
    protocol.offtopic_respond(role=role, file=file, message=second, reason="Still off topic.")
    assert _last_sent(file).text.startswith("Come and see us")
    assert _kinds(file) == [Kind.OFF_TOPIC, Kind.IN_PERSON]
    assert file.events.get(kind=Kind.IN_PERSON).data["step"] == "off_topic"
    assert protocol.offtopic_next_step(file) == protocol.STEP_LIMIT_OR_END
    with pytest.raises(ValidationError):
        protocol.offtopic_respond(role=role, file=file, reason="Again")


def test_an_invitation_for_complex_needs_is_not_an_off_topic_step(service):
    case_settings(service)
    _user, role = caseworker(service)
    file = make_file(service)
    protocol.in_person_invite(role=role, file=file)
    assert protocol.offtopic_next_step(file) == protocol.STEP_TOPICS


def test_limit_tells_the_days_and_lifting_it_is_the_undo(service):
    _user, role = caseworker(service)
    file = make_file(service, language="fr")
    protocol.service_limit(role=role, file=file, weekdays=["3", "0"], reason="Messages répétés")
    file.refresh_from_db()
    assert file.status == ClientFile.Status.LIMITED and file.limited_weekdays == [0, 3]
    assert "lundi, jeudi" in _last_sent(file).text
    protocol.service_limit_lift(role=role, file=file)
    file.refresh_from_db()
    assert file.status == ClientFile.Status.ENROLLED and file.limited_weekdays == []
    assert _kinds(file) == [Kind.LIMITED, Kind.STATUS_CHANGED]
    with pytest.raises(ValidationError):
        protocol.service_limit(role=role, file=file, weekdays=[], reason="x")


def test_end_closes_the_file_with_a_notice(service):
    _user, role = caseworker(service)
    file = make_file(service, language="en")
    with pytest.raises(ValidationError):
        protocol.service_end(role=role, file=file, reason=" ")
    protocol.service_end(role=role, file=file, reason="Abusive messages")
    file.refresh_from_db()
    assert file.status == ClientFile.Status.CLOSED and file.closed_at
    assert file.status_reason == "Abusive messages" and file.next_followup_at is None
    assert "Abusive messages" in _last_sent(file).text
    assert file.events.get(kind=Kind.ENDED).reason == "Abusive messages"
    with pytest.raises(ValidationError):
        protocol.service_end(role=role, file=file, reason="again")


def test_a_referral_made_through_the_referrals_flow_lands_on_the_file(service):
    from passerelle.referrals.models import Partner
    from passerelle.referrals.services import referral_create

    _user, role = caseworker(service)
    file = make_file(service)
    question = client_asks(role, file)
    partner = Partner.objects.create(org=service.org, name="Health Clinic", phone="403-555-0111")
    referral = referral_create(
        role=role, question=question, partner=partner, text="Health Clinic: 403-555-0111"
    )
    event = file.events.get(kind=Kind.REFERRED)
    assert event.data == {"referral": referral.pk, "partner": "Health Clinic"}
    assert event.actor == role.user

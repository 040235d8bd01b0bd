"""Referring a question to a partner, the follow-up on time, and what the answer does."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.conversations.models import Message
from passerelle.orgs.models import StaffRole
from passerelle.questions.models import Question
from passerelle.questions.services import message_label_set
from passerelle.questions.tests.helpers import ask, make_member, make_standard
from passerelle.referrals.models import Partner, PartnerService, Referral
from passerelle.referrals.services import (
    parse_followup_answer,
    referral_create,
    referral_draft,
)
from passerelle.referrals.sweep import referral_followups_sweep
from passerelle.testing.factories import post_signed
from passerelle.testing.platforms import fixture, make_whatsapp, post_meta

pytestmark = pytest.mark.django_db


@pytest.fixture
def ymca(service):
    partner = Partner.objects.create(
        org=service.org,
        name="YMCA Newcomer Information Centre",
        phone="613-555-0199",
        address="180 Argyle Ave, Ottawa",
        hours={"en": "Mon–Fri 9:00–16:30"},
        website="https://example.org/ymca",
        languages=["ar", "fr", "en"],
        intake_notes={"en": "Bring your PR card or COPR."},
    )
    service_row = PartnerService.objects.create(
        org=service.org,
        partner=partner,
        category="employment",
        name="Job search workshops",
        phone="613-555-0123",
    )
    return partner, service_row


def _refer(role, question, ymca, **kw):
    partner, partner_service = ymca
    text, _lang = referral_draft(
        service=question.service,
        member=question.member,
        partner=partner,
        partner_service=partner_service,
    )
    return referral_create(
        role=role,
        question=question,
        partner=partner,
        partner_service=partner_service,
        text=text,
        **kw,
    )


def _reply(client, channel, capture, member_address, text, language="fr"):
    event_id = f"sim-{uuid.uuid4()}"
    body = json.dumps(
        {
            "event_id": event_id,
            "type": "message",
            "chat": "private",
            "text": text,
            "message_id": event_id,
            "sender": {"id": member_address, "name": "x", "language": language},
        }
    )
    with capture(execute=True):
        assert post_signed(client, channel, body.encode()).status_code == 200


def test_draft_lists_the_partners_details_in_the_members_language(service, ymca):
    member = make_member(service, language="fr", name="Claire")
    text, language = referral_draft(
        service=service, member=member, partner=ymca[0], partner_service=ymca[1]
    )
    assert language == "fr"
    assert text.startswith("YMCA Newcomer Information Centre peut vous aider")
    assert "Téléphone: 613-555-0123" in text  # the service's own number wins
    assert "Adresse: 180 Argyle Ave, Ottawa" in text and "Avant d'y aller: Bring" in text
    arabic, _ = referral_draft(
        service=service,
        member=make_member(service, language="ar"),
        partner=ymca[0],
        partner_service=None,
    )
    assert "الهاتف: 613-555-0199" in arabic


def test_referral_is_sent_privately_recorded_and_marks_the_question(service, mod_role, ymca):
    make_standard(service, referral_followup_days=5)
    question = ask(mod_role, member=make_member(service, language="fr"))
    referral = _refer(mod_role, question, ymca)
    question.refresh_from_db()
    assert question.status == "referred" and question.answered_at is not None
    assert referral.message.thread.kind == "private"
    assert referral.message.thread.member == question.member
    assert referral.message.label == "referral" and referral.created_by == mod_role.user
    assert referral.language == "fr" and referral.followup_days == 5
    assert referral.followup_due_at == referral.created_at + timedelta(days=5)
    assert question.events.filter(kind="referred").count() == 1


def test_followup_is_sent_on_time_in_the_members_language_once(service, mod_role, ymca):
    question = ask(mod_role, member=make_member(service, language="ar", name="Huda"))
    referral = _refer(mod_role, question, ymca)
    assert referral_followups_sweep(now=referral.followup_due_at - timedelta(minutes=1)) == 0
    assert referral_followups_sweep(now=referral.followup_due_at) == 1
    assert referral_followups_sweep(now=referral.followup_due_at + timedelta(hours=1)) == 0
    referral.refresh_from_db()
    followup = referral.followup_message
    assert referral.followup_sent_at == referral.followup_due_at
    assert followup.author is None and followup.language == "ar"
    assert "هل حصلت على المساعدة" in followup.text and "Huda" in followup.text
    assert "1 نعم" in followup.text and "YMCA" in followup.text
    assert followup.thread.kind == "private" and followup.thread.member == question.member


def test_no_reopens_the_question_and_yes_closes_the_loop(
    client, sim_channel, service, mod_role, ymca, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    member = make_member(service, language="fr", address="sms-7")
    question = ask(mod_role, member=member)
    referral = _refer(mod_role, question, ymca)
    Referral.objects.filter(pk=referral.pk).update(followup_due_at=timezone.now())
    assert referral_followups_sweep() == 1
    _reply(client, sim_channel, capture, "sms-7", "2")
    referral.refresh_from_db()
    question.refresh_from_db()
    assert referral.outcome == "no" and referral.outcome_message.text == "2"
    assert question.status == "open" and question.due_at > timezone.now()
    assert question.events.filter(kind="reopened").exists()
    thanks = Message.objects.filter(direction="out", author__isnull=True).last()
    assert "Une personne de l'équipe vous recontactera" in thanks.text
    # The answer was taken: a later "2" is an ordinary message.
    _reply(client, sim_channel, capture, "sms-7", "2")
    assert Referral.objects.get().outcome == "no"
    assert Question.objects.get(source="labelled").status == "open"
    # …and, private, it waits for a staff reply like any other (questions.waiting).
    waiting = Question.objects.get(source="private")
    assert waiting.thread.kind == "private" and waiting.message.text == "2"


def test_not_yet_asks_once_more_then_stops(
    service, mod_role, ymca, client, sim_channel, django_capture_on_commit_callbacks
):
    member = make_member(service, language="en", address="wa-1")
    referral = _refer(mod_role, ask(mod_role, member=member), ymca)
    for round_ in (1, 2):
        Referral.objects.filter(pk=referral.pk).update(followup_due_at=timezone.now())
        assert referral_followups_sweep() == 1, round_
        _reply(
            client,
            sim_channel,
            django_capture_on_commit_callbacks,
            "wa-1",
            "3 not yet",
            language="en",
        )
        referral.refresh_from_db()
        assert referral.outcome == "not_yet"
    assert referral.followup_count == 2 and referral.followup_sent_at is not None
    assert referral_followups_sweep(now=timezone.now() + timedelta(days=60)) == 0


def test_messages_without_a_pending_followup_are_not_taken(
    client, sim_channel, service, mod_role, ymca, django_capture_on_commit_callbacks
):
    member = make_member(service, language="fr", address="sms-9")
    referral = _refer(mod_role, ask(mod_role, member=member), ymca)
    _reply(client, sim_channel, django_capture_on_commit_callbacks, "sms-9", "1")
    referral.refresh_from_db()
    assert referral.outcome == "pending"  # no follow-up sent yet


@pytest.mark.parametrize(
    "text, outcome",
    [
        ("1", "yes"),
        ("١", "yes"),
        ("Oui, merci !", "yes"),
        ("نعم", "yes"),
        ("yes", "yes"),
        ("2", "no"),
        ("٢", "no"),
        ("Non", "no"),
        ("لا", "no"),
        ("no thanks", "no"),
        ("3", "not_yet"),
        ("pas encore", "not_yet"),
        ("ليس بعد", "not_yet"),
        ("Not yet", "not_yet"),
        ("Where is the office?", None),
        ("12", None),
        ("", None),
        ("non " + "blah " * 20, None),
    ],
)
def test_followup_answers_by_number_or_word(text, outcome):
    assert parse_followup_answer(text) == outcome


def test_referral_form_over_http(moderator_client, service, moderator, ymca):
    role = StaffRole.objects.get(user=moderator)
    question = ask(role, member=make_member(service, language="fr"))
    url = f"/s/{service.slug}/questions/{question.pk}/refer/"
    empty = moderator_client.get(url).content.decode()
    assert "YMCA Newcomer Information Centre" in empty and "Job search workshops" in empty
    drafted = moderator_client.get(url + f"?target=s{ymca[1].pk}").content.decode()
    assert "Téléphone: 613-555-0123" in drafted
    response = moderator_client.post(
        url, {"target": "", "text": "", "followup_days": "0"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422 and "This field is required" in response.content.decode()
    response = moderator_client.post(
        url,
        {"target": f"s{ymca[1].pk}", "text": "Allez au YMCA, 613-555-0123.", "followup_days": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Retarget"] == f"#q-{question.pk}"
    referral = Referral.objects.get()
    assert referral.message.text == "Allez au YMCA, 613-555-0123." and referral.followup_days == 3
    listing = moderator_client.get(f"/s/{service.slug}/referrals/").content.decode()
    assert f'data-referral="{referral.pk}"' in listing
    moderator_client.post(f"/s/{service.slug}/referrals/{referral.pk}/outcome/", {"outcome": "yes"})
    assert Referral.objects.get().outcome == "yes"


def test_followup_the_platform_refuses_is_not_retried_and_is_shown(
    client,
    service,
    mod_role,
    ymca,
    fake_graph,
    moderator_client,
    django_capture_on_commit_callbacks,
):
    # A WhatsApp member who last wrote 20 hours ago (the platform's timestamp says so):
    # the referral goes out inside the 24-hour window, its follow-up days later cannot.
    channel = make_whatsapp(service, fake_graph)
    written = timezone.now().replace(microsecond=0) - timedelta(hours=20)
    payload = fixture("whatsapp", "text")
    value = payload["entry"][0]["changes"][0]["value"]
    value["messages"][0]["timestamp"] = str(int(written.timestamp()))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_meta(client, channel, payload).status_code == 200
    asked = Message.objects.get(direction="in")
    assert asked.created_at == written and asked.channel == channel
    message_label_set(role=mod_role, message=asked, label="request")
    question = Question.objects.get(message=asked)
    with django_capture_on_commit_callbacks(execute=True):
        referral = _refer(mod_role, question, ymca, followup_days=3)
    assert len(fake_graph.whatsapp_sends()) == 1  # the referral itself went out

    due = referral.followup_due_at
    assert referral_followups_sweep(now=due) == 0
    assert referral_followups_sweep(now=due + timedelta(minutes=5)) == 0
    referral.refresh_from_db()
    assert referral.followup_sent_at == due and referral.followup_message is None
    closed = timezone.localtime(written + timedelta(hours=24), service.tz)
    reason = (
        f"WhatsApp's 24-hour window closed on {closed:%Y-%m-%d %H:%M} (24 hours after this "
        "person's last message): only an approved template can be sent until they write again."
    )
    assert referral.followup_error == reason
    assert len(fake_graph.whatsapp_sends()) == 1  # nothing was tried on the platform
    listing = moderator_client.get(f"/s/{service.slug}/referrals/").content.decode()
    assert "24-hour window closed on" in listing

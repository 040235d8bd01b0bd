"""WhatsApp outside the 24-hour window: the wave's approved template opens the survey (the
first question waits in the thread, unsent, and goes when the member replies); inside the
window the question goes as text; without a template the member is marked not reachable
and nothing free-form is sent. The real WhatsApp channel type, against the fake Graph API."""

import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.channels.models import ContactStatus, OutboundMessage
from passerelle.channels.types.whatsapp.services import template_add
from passerelle.conversations.models import Message
from passerelle.prompts.models import Prompt
from passerelle.surveys.models import SurveyRecipient, SurveyResponse, SurveyWave
from passerelle.surveys.sending import survey_waves_sweep, wave_send
from passerelle.surveys.services import wave_create
from passerelle.surveys.tests.conftest import join, join_many
from passerelle.testing.factories import login_verified
from passerelle.testing.platforms import WA_USER, fixture, make_whatsapp, post_meta


@pytest.fixture
def whatsapp(service, fake_graph):
    return make_whatsapp(service, fake_graph)


@pytest.fixture
def invite(admin_role, whatsapp):
    return template_add(
        role=admin_role,
        channel=whatsapp,
        name="survey_invite",
        language="en",
        category="UTILITY",
        body="{{1}} would like your opinion: reply to this message to start a short survey.",
    )


@pytest.fixture
def wa_says(client, whatsapp, django_capture_on_commit_callbacks):
    """wa_says(text): the member writes on WhatsApp now, as Meta posts it."""

    def send(text):
        payload = fixture("whatsapp", "text")
        message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
        message.update(id=f"wamid.{uuid.uuid4().hex}", timestamp=str(int(time.time())))
        message["text"]["body"] = text
        with django_capture_on_commit_callbacks(execute=True):
            assert post_meta(client, whatsapp, payload).status_code == 200

    return send


def _sweep(capture):
    with capture(execute=True):
        return survey_waves_sweep()


def test_outside_the_window_the_template_opens_the_survey_and_a_reply_gets_the_question(
    service,
    whatsapp,
    invite,
    admin_role,
    satisfaction,
    fake_graph,
    wa_says,
    django_capture_on_commit_callbacks,
):
    member = join(service, WA_USER, platform="whatsapp")  # never wrote: the window is closed
    wave_create(role=admin_role, survey=satisfaction, opening_template=invite)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    (sent,) = fake_graph.whatsapp_sends()
    assert sent.json["to"] == WA_USER and sent.json["type"] == "template"
    assert sent.json["template"] == {
        "name": "survey_invite",
        "language": {"code": "en"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": service.name}]}],
    }
    recipient = SurveyRecipient.objects.get(member=member)
    assert recipient.state == "asked" and recipient.opened_with_template
    # The first question is asked (its prompt open) and in the thread, but sent nowhere.
    prompt = Prompt.objects.get(owner="survey_response", member=member)
    assert prompt.state == "open"
    question = Message.objects.get(thread__member=member, text__contains="How useful")
    assert not OutboundMessage.objects.filter(source_id=question.pk).exists()
    opening = Message.objects.get(thread__member=member, channel=whatsapp)
    assert opening.text.startswith(service.name + " would like your opinion")
    assert prompt.unsent
    # The member replies "1" to the template: the window is open again, the question goes
    # as text, and the "1" (an answer to "reply to start") answers nothing of the survey.
    wa_says("1")
    reply = fake_graph.whatsapp_sends()[-1].json
    assert reply["type"] == "text" and reply["text"]["body"] == prompt.wording
    assert "How useful is this service" in reply["text"]["body"]
    prompt.refresh_from_db()
    assert prompt.state == "open" and not prompt.unsent and not prompt.reasked
    assert not SurveyResponse.objects.get(wave__survey=satisfaction).answers.exists()
    wa_says("4")
    reply = fake_graph.whatsapp_sends()[-1].json
    assert reply["type"] == "text" and "How often do you use the group?" in reply["text"]["body"]
    response = SurveyResponse.objects.get(wave__survey=satisfaction)
    assert response.answers.get().value == "4"


def test_inside_the_window_the_first_question_goes_as_text(
    service,
    whatsapp,
    invite,
    admin_role,
    satisfaction,
    fake_graph,
    wa_says,
    django_capture_on_commit_callbacks,
):
    member = join(service, WA_USER, platform="whatsapp")
    wa_says("Bonjour")
    ContactStatus.objects.update(last_inbound_at=timezone.now() - timedelta(hours=23))
    before = len(fake_graph.whatsapp_sends())
    wave_create(role=admin_role, survey=satisfaction, opening_template=invite)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    sends = fake_graph.whatsapp_sends()[before:]
    assert [s.json["type"] for s in sends] == ["text"]
    assert "How useful is this service" in sends[0].json["text"]["body"]
    assert not SurveyRecipient.objects.get(member=member).opened_with_template


def test_without_a_template_they_are_not_reachable_and_nothing_is_sent(
    client,
    service,
    whatsapp,
    sim_channel,
    admin_role,
    satisfaction,
    fake_graph,
    django_capture_on_commit_callbacks,
):
    member = join(service, WA_USER, platform="whatsapp")
    reachable = join(service, "sim-here")
    wave = wave_create(role=admin_role, survey=satisfaction)
    assert _sweep(django_capture_on_commit_callbacks) == 1  # the member on the simulator
    recipient = SurveyRecipient.objects.get(member=member)
    assert recipient.state == "unreachable" and recipient.unreachable_reason == "whatsapp_window"
    assert not Prompt.objects.filter(member=member).exists()
    assert fake_graph.requests.snapshot() == []
    assert SurveyRecipient.objects.get(member=reachable).state == "asked"
    assert SurveyWave.objects.get(pk=wave.pk).state == "sent"
    login_verified(client, admin_role.user)
    page = client.get(f"/s/{service.slug}/surveys/{satisfaction.pk}/").content.decode()
    assert "Not reachable: 1" in page
    assert "Only on WhatsApp, outside the 24-hour window, and the wave has no template" in page


def test_the_wave_form_offers_the_template_and_a_trigger(
    client, service, whatsapp, invite, admin_role, satisfaction
):
    join(service, WA_USER, platform="whatsapp")
    login_verified(client, admin_role.user)
    url = f"/s/{service.slug}/surveys/{satisfaction.pk}/waves/new/"
    page = client.get(url).content.decode()
    assert "survey_invite (en)" in page and 'value="at_intake"' in page
    assert "reachable only on WhatsApp and wrote more than 24 hours ago" in page
    assert "The template chosen below opens the survey for them." in page
    response = client.post(url, {"trigger": "at_intake", "opening_template": invite.pk})
    assert response.status_code == 302
    wave = SurveyWave.objects.get()
    assert wave.trigger == "at_intake" and wave.opening_template == invite
    survey_waves_sweep()  # it starts, and stays open
    page = client.get(f"/s/{service.slug}/surveys/{satisfaction.pk}/").content.decode()
    assert "At intake" in page and "Open: asks each new one" in page


def _batch_cost(wave, limit):
    with CaptureQueriesContext(connection) as queries:
        assert wave_send(wave=SurveyWave.objects.get(pk=wave.pk), limit=limit) == limit
    return len(queries)


def test_a_batch_opened_with_templates_costs_the_same_whatever_its_size(
    service, whatsapp, invite, admin_role, satisfaction
):
    join_many(service, 60, platform="whatsapp")
    wave = wave_create(role=admin_role, survey=satisfaction, opening_template=invite)
    wave_send(wave=wave, limit=1)  # the claim of the wave and its recipients, once
    assert _batch_cost(wave, 10) == _batch_cost(wave, 30)
    assert SurveyRecipient.objects.filter(wave=wave, opened_with_template=True).count() == 41


def test_a_member_answering_another_survey_gets_no_second_template(
    service,
    whatsapp,
    invite,
    admin_role,
    satisfaction,
    fake_graph,
    django_capture_on_commit_callbacks,
):
    member = join(service, WA_USER, platform="whatsapp")
    wave_create(role=admin_role, survey=satisfaction, opening_template=invite)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    second = wave_create(role=admin_role, survey=satisfaction, opening_template=invite)
    _sweep(django_capture_on_commit_callbacks)
    recipient = SurveyRecipient.objects.get(wave=second, member=member)
    assert recipient.state == "queued" and not recipient.opened_with_template
    assert [s.json["type"] for s in fake_graph.whatsapp_sends()] == ["template"]

"""STOP / START / HELP by SMS: an opted-out number receives nothing, whatever sends it.

Twilio's own keywords arrive as neutral events; the service's words in its languages are
the domain's vocabulary: both opt the number out *and* count the member as having left.
"""

import pytest
from django.core.exceptions import ValidationError

from passerelle.channels.contacts import contact_for
from passerelle.channels.models import OutboundMessage
from passerelle.channels.types.sms_twilio.keywords import keyword_of
from passerelle.communities.models import Membership
from passerelle.communities.texts import TEXTS
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply, message_send_system
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.platforms import fixture, make_sms, post_twilio

USER = "+16135550163"  # the sender of inbound_stop.json


def opt_out_of(channel, address):
    """The opt-out in force for the number, or None (what the pipeline checks)."""
    contact = contact_for(channel, address)
    return contact if contact.opted_out_at is not None else None


@pytest.fixture
def channel(service, fake_twilio):
    # A short code: pacing (tested elsewhere) must not hold back the sends looked at here.
    return make_sms(service, fake_twilio, sender_type="short_code")


@pytest.fixture
def text(client, channel, django_capture_on_commit_callbacks):
    """The member texts `body` (a fresh MessageSid each time)."""
    counter = iter(range(1, 10_000))

    def _text(body, **extra):
        form = fixture("sms_twilio", "inbound_stop")
        form.pop("OptOutType")
        sid = f"SM{next(counter):032x}"
        form.update(MessageSid=sid, SmsSid=sid, SmsMessageSid=sid, Body=body, **extra)
        with django_capture_on_commit_callbacks(execute=True):
            return post_twilio(client, channel, form)

    return _text


@pytest.fixture
def role(service):
    return make_staff(service, Role.MODERATOR)[1]


def test_stop_fixture_is_recorded_and_later_sends_are_refused(
    client, channel, role, fake_twilio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_twilio(client, channel, fixture("sms_twilio", "inbound_stop"))
    assert response.status_code == 200
    stop = opt_out_of(channel, USER)
    assert stop is not None and stop.opt_out_word == "STOP"
    thread = Thread.objects.get(kind="private")
    # What the service would say on leaving is refused too: the number asked for silence.
    assert fake_twilio.requests.snapshot() == []
    with pytest.raises(ValidationError) as caught:
        message_reply(role=role, thread=thread, text="Are you sure?")
    assert "STOP" in caught.value.messages[0] and "START" in caught.value.messages[0]
    with django_capture_on_commit_callbacks(execute=True):
        message_send_system(thread=thread, text="Automatic reminder")
    assert set(OutboundMessage.objects.values_list("state", flat=True)) <= {"failed"}
    assert not fake_twilio.requests.snapshot()  # nothing ever reached Twilio


def test_inbox_shows_the_opt_out(client, channel, role, text):
    text("ARRÊT")
    Message.objects.filter(direction="out").delete()  # only the reply box matters here
    client.force_login(role.user)
    thread = Thread.objects.get(kind="private")
    page = client.get(f"/s/{role.service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert "texted ARRÊT" in page


def test_a_member_who_texted_stop_shows_left_and_no_confirmation_sends(client, channel, role, text):
    text("Bonjour")
    text("STOP")
    client.force_login(role.user)
    thread = Thread.objects.get(kind="private")
    page = client.get(f"/s/{role.service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert 'data-standing="left"' in page and "Left the service on" in page
    before = Message.objects.filter(direction="out").count()
    url = f"/s/{role.service.slug}/threads/{thread.pk}/reply/"
    for fields in ({}, {"confirmed": "1"}):
        # The opt-out is said at once (no confirmation step), confirmed or not.
        response = client.post(
            url, {"text": "Are you sure?", **fields}, headers={"HX-Request": "1"}
        )
        assert response.status_code == 422
        body = response.content.decode()
        assert "STOP" in body and "Send anyway" not in body
    assert Message.objects.filter(direction="out").count() == before


@pytest.mark.parametrize(
    "word",
    ["STOP", "stop", "CANCEL", "END", "QUIT", "Arrêt", "ARRÊT", "ARRET", "توقف", "unsubscribe"],
)
def test_every_stop_word_opts_out_and_counts_the_member_as_left(channel, text, word):
    text("Bonjour")
    assert Membership.objects.get().status == Membership.Status.ACTIVE
    text(word)
    assert opt_out_of(channel, USER) is not None
    membership = Membership.objects.get()
    assert membership.status == Membership.Status.LEFT
    assert membership.events.filter(kind="left").exists()


@pytest.mark.parametrize(
    "stop, start", [("CANCEL", "START"), ("ARRÊT", "UNSTOP"), ("QUIT", "start")]
)
def test_start_words_opt_back_in(channel, text, stop, start):
    text("Bonjour")
    text(stop)
    text(start)
    assert opt_out_of(channel, USER) is None


def test_start_lifts_the_opt_out(
    channel, role, text, fake_twilio, django_capture_on_commit_callbacks
):
    text("STOP")
    text("START")
    assert opt_out_of(channel, USER) is None
    fake_twilio.reset()
    thread = Thread.objects.get(kind="private")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Welcome back")
    assert fake_twilio.requests.matching("/Messages.json", "POST")


def test_redelivered_stop_is_recorded_once(client, channel, django_capture_on_commit_callbacks):
    form = fixture("sms_twilio", "inbound_stop")
    with django_capture_on_commit_callbacks(execute=True):
        post_twilio(client, channel, form)
        post_twilio(client, channel, form)
    assert Message.objects.filter(direction="in").count() == 1
    assert opt_out_of(channel, USER) is not None


@pytest.mark.parametrize("word, language", [("HELP", "en"), ("aide", "fr"), ("مساعدة", "ar")])
def test_help_is_answered_in_the_words_language_by_sms_only(
    channel, text, fake_twilio, service, word, language
):
    text(word)
    (sent,) = fake_twilio.requests.matching("/Messages.json", "POST")
    expected = TEXTS["help"][language].format(service=service.name)
    assert sent.form["Body"] == expected and sent.form["To"] == USER
    reply = Message.objects.get(direction="out")
    assert reply.language == language and reply.channel == channel
    assert Message.objects.filter(direction="in", text=word).exists()


def test_twilio_unsubscribed_error_records_the_opt_out(
    channel, role, text, fake_twilio, django_capture_on_commit_callbacks
):
    text("Bonjour")
    fake_twilio.reset()
    fake_twilio.script("unsubscribed")
    thread = Thread.objects.get(kind="private")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Réponse")
    row = OutboundMessage.objects.filter(text="Réponse").get()
    assert row.state == "failed" and "21610" in row.error
    assert contact_for(channel, USER).stopped_at is not None
    with pytest.raises(ValidationError):  # the moderator is told before trying again
        message_reply(role=role, thread=thread, text="Encore")


def test_twilios_own_opt_out_type_wins():
    assert keyword_of("Oui", "START") == "opt_in"
    assert keyword_of("please stop sending me these", "") == ""
    assert keyword_of("stop!", "") == "opt_out"
    assert keyword_of("ARRÊT", "") == ""  # the service's word: the domain decides


def test_help_text_exists_in_three_languages_with_the_same_placeholders():
    entry = TEXTS["help"]
    assert set(entry) == {"en", "fr", "ar"}
    assert {"{service}" in value for value in entry.values()} == {True}

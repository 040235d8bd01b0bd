"""Staff files by SMS: an MMS whose MediaUrl is a signed, expiring address Passerelle serves,
or, where a channel says numbers take no MMS, a short link in the text."""

from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from passerelle.channels.models import OutboundMessage
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.platforms import fixture, make_sms, post_twilio

from ..staff_media_helpers import JPEG, PDF, staff_media


def _thread(client, channel, capture):
    with capture(execute=True):
        post_twilio(client, channel, fixture("sms_twilio", "inbound_sms"))
    return Thread.objects.get(kind="private")


def test_a_photo_goes_as_an_mms_twilio_fetches_from_a_signed_address(
    client, service, fake_twilio, settings, django_capture_on_commit_callbacks
):
    channel = make_sms(service, fake_twilio)
    thread = _thread(client, channel, django_capture_on_commit_callbacks)
    role = make_staff(service, Role.MODERATOR)[1]
    media = staff_media(service, JPEG, "image/jpeg", "plan.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Le plan", media=media)
    ((sid, (url,)),) = fake_twilio.media_urls.items()
    assert fake_twilio.messages[sid]["body"] == "Le plan"
    assert fake_twilio.messages[sid]["num_media"] == "1"
    assert url.startswith(settings.PUBLIC_URL + "/files/")
    # What Twilio fetches, without any session: the file itself.
    served = Client().get(urlparse(url).path)
    assert served.status_code == 200 and served.content == JPEG
    assert OutboundMessage.objects.get().state == "sent"


def test_an_mms_over_5_mb_is_refused_before_sending(
    client, service, fake_twilio, django_capture_on_commit_callbacks
):
    channel = make_sms(service, fake_twilio)
    thread = _thread(client, channel, django_capture_on_commit_callbacks)
    role = make_staff(service, Role.MODERATOR)[1]
    media = staff_media(service, PDF + b"\x00" * (6 * 1024 * 1024), "application/pdf", "a.pdf")
    with pytest.raises(ValidationError, match="too large for SMS"):
        message_reply(role=role, thread=thread, text="", media=media)
    assert not Message.objects.filter(direction="out").exists() and not fake_twilio.messages


def test_without_mms_the_file_goes_as_a_link_in_the_text(
    client, service, fake_twilio, django_capture_on_commit_callbacks
):
    channel = make_sms(service, fake_twilio, media_mode="link")
    thread = _thread(client, channel, django_capture_on_commit_callbacks)
    role = make_staff(service, Role.MODERATOR)[1]
    big = PDF + b"\x00" * (6 * 1024 * 1024)  # too large for an MMS, not for a link
    media = staff_media(service, big, "application/pdf", "guide.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Le guide :", media=media)
    (message,) = fake_twilio.messages.values()
    assert not fake_twilio.media_urls and message["num_media"] == "0"
    text, link = message["body"].split("\n")
    assert text == "Le guide :" and "/files/" in link
    assert client.get(urlparse(link).path).content == big

"""Staff files to WhatsApp: uploaded to POST /{phone-number-id}/media, then sent by id."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.channels.models import ContactStatus, OutboundMessage
from passerelle.channels.voice import is_ogg_opus
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.platforms import WA_USER, fixture, make_whatsapp, post_meta
from passerelle.testing.voice import webm_opus

from ..staff_media_helpers import JPEG, PDF, staff_media

NUMBER = "109876543210987"


@pytest.fixture
def channel(service, fake_graph):
    return make_whatsapp(service, fake_graph)


@pytest.fixture
def role(service):
    return make_staff(service, Role.MODERATOR)[1]


@pytest.fixture
def thread(client, channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_meta(client, channel, fixture("whatsapp", "text"))
    # The fixture's message is old: the member wrote an hour ago, the window is open.
    ContactStatus.objects.update(last_inbound_at=timezone.now() - timedelta(hours=1))
    return Thread.objects.get(kind="private")


def test_a_document_is_uploaded_then_sent_by_its_media_id_with_its_caption(
    thread, role, fake_graph, django_capture_on_commit_callbacks
):
    media = staff_media(role.service, PDF, "application/pdf", "bail.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Votre bail signé", media=media)
    (upload,) = fake_graph.whatsapp_uploads()
    assert upload.path == f"/v21.0/{NUMBER}/media"
    assert upload.form["messaging_product"] == "whatsapp"
    assert (upload.files["file"].filename, upload.files["file"].data) == ("bail.pdf", PDF)
    (sent,) = fake_graph.whatsapp_sends()
    assert sent.json["type"] == "document" and sent.json["to"] == WA_USER
    document = sent.json["document"]
    assert document["caption"] == "Votre bail signé" and document["filename"] == "bail.pdf"
    assert document["id"] in fake_graph.media
    assert fake_graph.media[document["id"]][1] == PDF
    assert OutboundMessage.objects.get().state == "sent"


def test_a_voice_note_goes_as_ogg_opus_audio_and_its_text_after_it(
    thread, role, fake_graph, django_capture_on_commit_callbacks
):
    media = staff_media(role.service, webm_opus(1.0), "audio/webm", "voice-note.webm", "voice")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Écoutez", media=media)
    (upload,) = fake_graph.whatsapp_uploads()
    assert upload.form["type"] == "audio/ogg; codecs=opus"
    assert is_ogg_opus(upload.files["file"].data)
    audio, text = fake_graph.whatsapp_sends()
    assert audio.json["type"] == "audio" and "caption" not in audio.json["audio"]
    assert text.json["type"] == "text" and text.json["text"]["body"] == "Écoutez"


def test_a_photo_over_5_mb_is_refused_before_anything_is_sent(
    thread, role, fake_graph, django_capture_on_commit_callbacks
):
    media = staff_media(role.service, JPEG + b"\x00" * (6 * 1024 * 1024), "image/jpeg", "a.jpg")
    with pytest.raises(ValidationError, match="too large for WhatsApp: at most 5 MB"):
        message_reply(role=role, thread=thread, text="", media=media)
    assert not Message.objects.filter(direction="out").exists()
    assert not fake_graph.whatsapp_uploads() and not OutboundMessage.objects.exists()


def test_a_failed_upload_is_retried_like_any_send(
    thread, role, fake_graph, django_capture_on_commit_callbacks
):
    fake_graph.script("server_error", match="/media")
    media = staff_media(role.service, JPEG, "image/jpeg", "a.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="", media=media)
    row = OutboundMessage.objects.get()
    assert row.state == "queued" and row.attempts == 1 and not fake_graph.whatsapp_sends()

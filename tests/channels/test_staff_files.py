"""Staff files: the store (types proven by their bytes, size, WebM voice notes remuxed to
Ogg/Opus), each platform's limits said before anything is queued, the inbox's upload and a
reply carrying the file, and the member's page showing it."""

import io
import json
from pathlib import Path

import av
import pytest
from django.core.exceptions import ValidationError

from passerelle.channels.models import Channel, OutboundMessage, OutgoingFile
from passerelle.channels.native_files import FileRejected
from passerelle.channels.outgoing_files import (
    media_of,
    media_refusal,
    outgoing_file_store,
    outgoing_media,
    signed_url,
)
from passerelle.channels.types.registry import get
from passerelle.channels.voice import is_ogg_opus, webm_to_ogg_opus
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply
from passerelle.conversations.services.sending import message_send
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff
from passerelle.testing.voice import opus_duration, webm_opus

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
MB = 1024 * 1024


def _store(service, data, content_type, name="f", kind=""):
    return outgoing_file_store(
        org_id=service.org_id,
        uploader="1",
        data=data,
        content_type=content_type,
        file_name=name,
        kind=kind,
    )


def test_a_browser_voice_note_is_kept_as_ogg_opus_with_the_same_sound(service):
    recording = webm_opus(2.0)
    stored = _store(service, recording, "audio/webm;codecs=opus", "voice-note.webm", "voice")
    data = bytes(stored.data)
    assert (stored.kind, stored.mime_type, stored.file_name) == (
        "voice",
        "audio/ogg",
        "voice-note.ogg",
    )
    assert data[:4] == b"OggS" and is_ogg_opus(data) and not is_ogg_opus(recording)
    with av.open(io.BytesIO(data)) as container:
        assert container.format.name == "ogg"
        assert container.streams.audio[0].codec_context.name == "opus"
    # Remuxed, not re-encoded: the same packets, the same length of sound.
    assert abs(opus_duration(data) - opus_duration(recording)) < 0.03
    assert 1.9 < opus_duration(data) < 2.1


REAL = Path(__file__).resolve().parents[1] / "assets" / "chromium-voice-note.webm"


@pytest.mark.parametrize("cut", [0, 500])
def test_a_real_chromium_recording_is_remuxed_even_cut_short(cut):
    recording = REAL.read_bytes()
    data = webm_to_ogg_opus(recording[: len(recording) - cut])
    assert is_ogg_opus(data)
    # No re-encoding: the Opus packets are the same, so is the sound's length.
    assert opus_duration(data) == pytest.approx(opus_duration(recording), abs=0.1 + cut / 5000)
    assert opus_duration(data) > 1.5


def test_a_recording_without_sound_is_refused(service):
    header = REAL.read_bytes()[:110]  # what Chromium gives when the microphone never starts
    with pytest.raises(FileRejected, match="no sound"):
        _store(service, header, "audio/webm", "voice-note.webm", "voice")


def test_a_webm_that_cannot_be_remuxed_stays_a_sound_file(service):
    broken = REAL.read_bytes()[:110] + b"\x00" * 2000
    stored = _store(service, broken, "audio/webm", "voice-note.webm", "voice")
    assert (stored.kind, stored.mime_type) == ("audio", "audio/webm")


@pytest.mark.parametrize(
    "data, content_type, message",
    [
        (b"<html><script>alert(1)</script>", "image/jpeg", "does not match its type"),
        (PNG, "text/html", "cannot be sent"),
        (PNG, "application/pdf", "does not match its type"),
        (b"", "image/png", "empty"),
    ],
)
def test_the_store_refuses_what_is_not_an_allowed_file(service, data, content_type, message):
    with pytest.raises(FileRejected, match=message):
        _store(service, data, content_type)
    assert not OutgoingFile.objects.exists()


def test_the_store_refuses_a_file_too_large(service, settings):
    settings.OUTGOING_FILE_MAX_BYTES = MB
    with pytest.raises(FileRejected, match="at most 1 MB") as refused:
        _store(service, PNG + b"\x00" * MB, "image/png")
    assert refused.value.status == 413


def _media(kind, content_type, size):
    return {"kind": kind, "file": "x", "name": "f", "content_type": content_type, "size": size}


@pytest.mark.parametrize(
    "slug, media, problem",
    [
        ("telegram", _media("photo", "image/png", 9 * MB), ""),
        (
            "telegram",
            _media("photo", "image/png", 11 * MB),
            "too large for Telegram: at most 10 MB",
        ),
        ("telegram", _media("document", "application/pdf", 51 * MB), "at most 50 MB"),
        ("whatsapp", _media("photo", "image/jpeg", 6 * MB), "too large for WhatsApp: at most 5 MB"),
        ("whatsapp", _media("voice", "audio/ogg", 17 * MB), "at most 16 MB"),
        ("whatsapp", _media("document", "application/pdf", 99 * MB), ""),
        ("messenger", _media("document", "application/pdf", 26 * MB), "at most 25 MB"),
        ("sms_twilio", _media("photo", "image/jpeg", 6 * MB), "too large for SMS"),
        ("sms_twilio", _media("voice", "audio/ogg", 4 * MB), ""),
        ("webchat", _media("voice", "audio/webm", 4 * MB), ""),
    ],
)
def test_each_platform_says_what_it_refuses(slug, media, problem):
    channel = Channel(type=slug, config={})
    said = get(slug).media_problem(channel, media)
    assert (problem in said) if problem else said == ""


@pytest.mark.parametrize(
    "slug, media, kind",
    [
        # A voice note Telegram would not play as voice (not Ogg) goes as a sound file.
        ("telegram", _media("voice", "audio/mpeg", 1), "audio"),
        ("telegram", _media("voice", "audio/webm", 1), "document"),
        ("telegram", _media("voice", "audio/ogg", 1), "voice"),
        # WebP is a sticker on WhatsApp: the photo goes as a document.
        ("whatsapp", _media("photo", "image/webp", 1), "document"),
        ("whatsapp", _media("voice", "audio/webm", 1), "document"),
        ("messenger", _media("voice", "audio/webm", 1), "document"),
    ],
)
def test_a_type_a_platform_cannot_play_goes_as_a_file(slug, media, kind):
    assert get(slug).media_send_kind(media) == kind


def test_the_sms_link_mode_carries_any_file(service):
    channel = make_channel(service, "sms_twilio")
    channel.config = {"media_mode": "link"}
    assert channel.channel_type.media_problem(channel, _media("photo", "image/jpeg", 9 * MB)) == ""
    assert media_refusal(_media("photo", "image/jpeg", 9 * MB), [channel]) == ""


def test_a_reply_a_platform_refuses_is_refused_whole_and_nothing_is_queued(
    service, django_capture_on_commit_callbacks
):
    sim = make_channel(service, "simulator")
    sms = make_channel(service, "sms_twilio")
    role = make_staff(service, Role.MODERATOR)[1]
    thread = Thread.objects.get(service=service, kind="group")
    stored = _store(service, JPEG + b"\x00" * (6 * MB), "image/jpeg", "poster.jpg")
    media = media_of(stored)
    # The group is on the simulator, which shows any file: it goes, with no text.
    with django_capture_on_commit_callbacks(execute=True):
        sent = message_reply(role=role, thread=thread, text="", media=media)
    assert sent.media_kind == "photo" and sent.extra["media"]["file"] == stored.token
    assert OutboundMessage.objects.get().channel == sim
    # On SMS the same file is too large for an MMS: said, and nothing is stored or queued.
    assert "too large for SMS" in media_refusal(media, [sim, sms])
    with pytest.raises(ValidationError, match="too large for SMS"):
        message_send(thread=thread, text="x", media=media, pin_channel=sms, pin_recipient="+1")
    assert Message.objects.count() == 1 and OutboundMessage.objects.count() == 1


def test_a_reply_needs_a_text_or_a_file(service):
    role = make_staff(service, Role.MODERATOR)[1]
    make_channel(service, "simulator")
    thread = Thread.objects.get(service=service, kind="group")
    with pytest.raises(ValidationError, match="attach a file"):
        message_reply(role=role, thread=thread, text="  ")


def test_another_organisations_token_is_not_a_file_here(service):
    stored = _store(service, PNG, "image/png")
    other = make_service()
    assert outgoing_media(service.org_id, {"file": stored.token})["size"] == len(PNG)
    assert outgoing_media(other.org_id, {"file": stored.token}) is None
    assert outgoing_media(service.org_id, {"file": "forged"}) is None


def test_the_inbox_uploads_a_file_and_the_reply_sends_it(
    client, service, django_capture_on_commit_callbacks
):
    sim = make_channel(service, "simulator")
    user, _role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    thread = Thread.objects.get(service=service, kind="group")
    slug = service.slug
    upload = io.BytesIO(PDF)
    upload.name = "bail.pdf"
    answer = client.post(f"/s/{slug}/files/", {"file": upload})
    assert answer.status_code == 201, answer.content
    media = answer.json()["media"]
    assert (media["kind"], media["name"], media["size"]) == ("document", "bail.pdf", len(PDF))
    assert client.get(answer.json()["preview"]).content == PDF
    # The form sends the media back; a forged size or type is not believed.
    forged = {**media, "size": 1, "content_type": "image/png"}
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(
            f"/s/{slug}/threads/{thread.pk}/reply/",
            {"text": "Votre bail", "media": json.dumps(forged)},
            HTTP_HX_REQUEST="true",
        )
    assert reply.status_code == 200
    message = Message.objects.get(direction="out")
    assert message.extra["media"] == media and message.media_kind == "document"
    assert OutboundMessage.objects.get().channel == sim
    # The inbox shows it: a link to the document, served from the store.
    assert f"/s/{slug}/messages/{message.pk}/media/" in reply.content.decode()
    served = client.get(f"/s/{slug}/messages/{message.pk}/media/")
    assert served.status_code == 200 and served.content == PDF
    # The member's page (the simulator's feed) shows it too, at its signed address.
    stored = OutgoingFile.objects.get()
    assert signed_url(stored, absolute=False).startswith("/files/")


def test_the_upload_says_why_a_file_is_refused(client, service):
    user, _role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    upload = io.BytesIO(b"<html></html>")
    upload.name = "photo.jpg"
    answer = client.post(f"/s/{service.slug}/files/", {"file": upload})
    assert answer.status_code == 400 and "does not match its type" in answer.json()["error"]


def test_a_reply_naming_a_file_that_is_gone_is_refused(client, service):
    make_channel(service, "simulator")
    user, _role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    thread = Thread.objects.get(service=service, kind="group")
    answer = client.post(
        f"/s/{service.slug}/threads/{thread.pk}/reply/",
        {"text": "x", "media": json.dumps({"file": "gone"})},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 422 and "attach it again" in answer.content.decode()
    assert not Message.objects.exists()


def test_an_observer_cannot_upload(client, service):
    user, _role = make_staff(service, Role.VIEWER)
    client.force_login(user)
    upload = io.BytesIO(PNG)
    upload.name = "a.png"
    assert client.post(f"/s/{service.slug}/files/", {"file": upload}).status_code in (403, 404)
    assert not OutgoingFile.objects.exists()


def test_a_signed_address_expires_and_cannot_be_forged(client, service, settings):
    stored = _store(service, PNG, "image/png")
    url = signed_url(stored, absolute=False)
    assert client.get(url).content == PNG
    assert client.get(url[:-3] + "abc/").status_code == 404
    settings.OUTGOING_FILE_URL_SECONDS = -1
    assert client.get(url).status_code == 404


def test_staff_files_are_deleted_with_the_services_media_past_its_retention(service):
    from datetime import timedelta

    from django.utils import timezone

    from passerelle.privacy.retention import retention_for, retention_sweep

    old = outgoing_file_store(
        org_id=service.org_id,
        service_id=service.pk,
        uploader="1",
        data=PNG,
        content_type="image/png",
        file_name="old.png",
    )
    recent = outgoing_file_store(
        org_id=service.org_id,
        service_id=service.pk,
        uploader="1",
        data=PDF,
        content_type="application/pdf",
        file_name="recent.pdf",
    )
    days = retention_for(service).media_days
    OutgoingFile.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=days + 1)
    )
    retention_sweep()
    assert list(OutgoingFile.objects.values_list("pk", flat=True)) == [recent.pk]

"""Staff files to Telegram through python-telegram-bot: the bytes uploaded (multipart) with
sendVoice / sendPhoto / sendDocument / sendAudio, to the fake Bot API server."""

import pytest

from passerelle.channels.models import OutboundMessage
from passerelle.channels.outgoing_files import media_of, outgoing_file_store
from passerelle.channels.voice import is_ogg_opus
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.voice import webm_opus

from .conftest import GROUP, LUC

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 40


@pytest.fixture
def role(tg):
    return make_staff(tg.service, Role.MODERATOR)[1]


def _media(service, data, content_type, name, kind=""):
    stored = outgoing_file_store(
        org_id=service.org_id,
        uploader="1",
        data=data,
        content_type=content_type,
        file_name=name,
        kind=kind,
    )
    return media_of(stored)


def test_a_recorded_voice_note_goes_as_a_telegram_voice_in_ogg_opus(
    role, deliver, fake_telegram, django_capture_on_commit_callbacks
):
    deliver("private_text")
    thread = Thread.objects.get(kind="private")
    media = _media(role.service, webm_opus(1.5), "audio/webm", "voice-note.webm", "voice")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="", media=media)
    (call,) = fake_telegram.calls("sendVoice")
    assert call.params["chat_id"] == LUC and "caption" not in call.params
    (voice,) = fake_telegram.uploaded("sendVoice")
    assert voice.filename == "voice-note.ogg" and is_ogg_opus(voice.data)
    assert not fake_telegram.calls("sendMessage")
    row = OutboundMessage.objects.get()
    assert row.state == "sent" and row.platform_message_id == f"{LUC}:1001"
    # The log names the call and the file, never its bytes.
    log = row.logs.get()
    assert log.action == "send_voice" and "OggS" not in log.request


def test_a_photo_with_a_text_goes_to_the_group_with_its_caption(
    role, fake_telegram, django_capture_on_commit_callbacks
):
    thread = Thread.objects.get(service=role.service, kind="group")
    media = _media(role.service, PNG, "image/png", "plan.png")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Le plan du quartier", media=media)
    (call,) = fake_telegram.calls("sendPhoto")
    assert call.params["chat_id"] == GROUP and call.params["caption"] == "Le plan du quartier"
    assert fake_telegram.uploaded("sendPhoto")[0].data == PNG


def test_a_long_text_follows_the_document_as_a_message_answering_it(
    role, fake_telegram, django_capture_on_commit_callbacks
):
    thread = Thread.objects.get(service=role.service, kind="group")
    media = _media(role.service, PDF, "application/pdf", "bail.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="x" * 1500, media=media)
    (doc,) = fake_telegram.uploaded("sendDocument")
    assert (doc.filename, doc.data) == ("bail.pdf", PDF)
    (text,) = fake_telegram.calls("sendMessage")
    assert text.params["reply_parameters"]["message_id"] == 1001


def test_an_mp3_voice_note_goes_as_a_sound_file(
    role, fake_telegram, django_capture_on_commit_callbacks
):
    thread = Thread.objects.get(service=role.service, kind="group")
    media = _media(role.service, MP3, "audio/mpeg", "note.mp3", "voice")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="", media=media)
    assert not fake_telegram.calls("sendVoice")
    assert fake_telegram.uploaded("sendAudio")[0].data == MP3

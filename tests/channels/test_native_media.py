"""Files on the native platforms (issue 14): a member sends a photo, a voice note or a
document from the web chat or the simulator; it takes the signed webhook like a text, the
moderator opens it in the inbox, and erasure and retention delete it."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from passerelle.channels.models import NativeFile, RawEvent
from passerelle.channels.types.native import sign
from passerelle.conversations.models import Message
from passerelle.members.models import Member
from passerelle.privacy.erasure import member_erase
from passerelle.privacy.retention import retention_for, retention_sweep
from passerelle.testing.factories import make_channel

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
OGG = b"OggS\x00\x02" + b"\x00" * 60
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def chat(service):
    return make_channel(service, "webchat")


def _open(client, chat):
    page = client.get(f"/chat/{chat.uuid}/").content.decode()
    found = re.search(r'data-visitor="([0-9a-f]+)" data-token="([0-9a-f]+)"', page)
    return found.group(1), found.group(2)


def _upload(client, url, name, data, content_type, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(url, {"file": upload, **extra})


def _post_file(client, chat, visitor, token, file_token, suffix="1", chat_kind="private"):
    body = {
        "event_id": f"wc-{visitor}-{suffix}",
        "message_id": f"wc-{visitor}-{suffix}",
        "type": "message",
        "chat": chat_kind,
        "text": "",
        "media": "photo",
        "file": file_token,
        "file_name": "evil.html",  # the store's name wins over the envelope's
        "sender": {"id": visitor, "name": "Rana", "language": "ar"},
    }
    return client.post(
        f"/webhooks/{chat.uuid}/",
        data=json.dumps(body),
        content_type="application/json",
        headers={"X-Passerelle-Webchat-Token": token},
    )


def test_a_photo_from_the_web_chat_reaches_the_inbox_and_the_members_own_feed(
    client, chat, service, moderator, django_capture_on_commit_callbacks
):
    visitor, token = _open(client, chat)
    answer = _upload(client, f"/chat/{chat.uuid}/upload/", "lease.png", PNG, "image/png")
    assert answer.status_code == 201, answer.content
    stored = answer.json()
    assert stored["media"] == "photo" and stored["file_name"] == "lease.png"
    assert Message.objects.count() == 0  # the upload alone writes no message
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_file(client, chat, visitor, token, stored["file"]).status_code == 200
    message = Message.objects.get()
    assert message.media_kind == "photo"
    assert message.extra["media"] == {
        "file_id": stored["file"],
        "file_name": "lease.png",
        "mime_type": "image/png",
    }
    assert RawEvent.objects.get().processed_at is not None

    # The member sees their photo and fetches it from their own page.
    feed = client.get(f"/chat/{chat.uuid}/feed/?after=0").json()["messages"]
    mine = [m for m in feed if m["mine"]]
    assert mine[0]["media"]["kind"] == "photo"
    served = client.get(mine[0]["media"]["url"])
    assert served.status_code == 200 and served.content == PNG
    assert served["Content-Type"] == "image/png"
    assert "sandbox" in served["Content-Security-Policy"]
    # Another visitor cannot, even with the address.
    other = Client()
    _open(other, chat)
    assert other.get(mine[0]["media"]["url"]).status_code == 404

    # The moderator opens it in the inbox: the bytes come from the store via media_fetch.
    staff = Client()
    staff.force_login(moderator)
    media = staff.get(f"/s/{service.slug}/messages/{message.pk}/media/")
    assert media.status_code == 200 and media.content == PNG
    assert media["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "data", "content_type", "status", "error"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "text/html", 400, "cannot be sent"),
        ("photo.png", b"<svg onload=alert(1)>", "image/png", 400, "does not match its type"),
        ("doc.pdf", PNG, "application/pdf", 400, "does not match its type"),
        ("empty.png", b"", "image/png", 400, "empty"),
    ],
)
def test_the_upload_refuses_what_is_not_an_allowed_file(
    client, chat, name, data, content_type, status, error
):
    _open(client, chat)
    answer = _upload(client, f"/chat/{chat.uuid}/upload/", name, data, content_type)
    assert answer.status_code == status
    assert error in answer.json()["error"]
    assert not NativeFile.objects.exists()


def test_the_upload_refuses_a_file_too_large(client, chat, settings):
    settings.NATIVE_FILE_MAX_BYTES = 1024 * 1024
    _open(client, chat)
    big = PNG + b"\x00" * (1024 * 1024)
    answer = _upload(client, f"/chat/{chat.uuid}/upload/", "big.png", big, "image/png")
    assert answer.status_code == 413
    assert "too large: at most 1 MB" in answer.json()["error"]


def test_the_upload_needs_the_visitors_cookie_and_the_csrf_token(chat):
    stranger = Client(enforce_csrf_checks=True)
    answer = _upload(stranger, f"/chat/{chat.uuid}/upload/", "a.png", PNG, "image/png")
    assert answer.status_code == 403
    stranger.get(f"/chat/{chat.uuid}/")  # now a visitor, but no CSRF token sent
    answer = _upload(stranger, f"/chat/{chat.uuid}/upload/", "a.png", PNG, "image/png")
    assert answer.status_code == 403 and b"CSRF" in answer.content
    assert not NativeFile.objects.exists()


def test_uploads_are_rate_limited_per_visitor(client, chat, settings):
    settings.NATIVE_FILE_UPLOADS_PER_MINUTE = 2
    _open(client, chat)
    codes = [
        _upload(client, f"/chat/{chat.uuid}/upload/", "a.png", PNG, "image/png").status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]


def test_a_token_of_another_visitor_or_channel_is_refused_at_the_webhook(client, chat, service):
    visitor, token = _open(client, chat)
    theirs = Client()
    _open(theirs, chat)
    their_file = _upload(theirs, f"/chat/{chat.uuid}/upload/", "a.png", PNG, "image/png")
    other_chat = make_channel(service, "webchat")
    _open(client, other_chat)
    elsewhere = _upload(client, f"/chat/{other_chat.uuid}/upload/", "b.png", PNG, "image/png")
    for file_token in (their_file.json()["file"], elsewhere.json()["file"], "made-up"):
        answer = _post_file(client, chat, visitor, token, file_token, suffix=file_token[:5])
        assert answer.status_code == 400
        assert "no such upload" in answer.json()["error"]
    assert not RawEvent.objects.exists()


def test_the_inbox_does_not_serve_a_token_of_another_channel(chat, service):
    other = make_channel(service, "webchat")
    visitor_client = Client()
    _open(visitor_client, other)
    upload = _upload(visitor_client, f"/chat/{other.uuid}/upload/", "b.png", PNG, "image/png")
    from passerelle.channels.types.base import SendError

    with pytest.raises(SendError, match="no longer kept"):
        chat.channel_type.media_fetch(chat, {"file_id": upload.json()["file"]})
    data, content_type = other.channel_type.media_fetch(other, {"file_id": upload.json()["file"]})
    assert data == PNG and content_type == "image/png"


def test_a_voice_note_from_the_simulator_is_signed_and_reaches_the_inbox(
    sim_channel, service, moderator, django_capture_on_commit_callbacks
):
    staff = Client()
    staff.force_login(moderator)
    base = f"/simulator/{sim_channel.uuid}/"
    answer = _upload(
        staff,
        base + "upload/",
        "voice.ogg",
        OGG,
        "audio/ogg;codecs=opus",
        kind="voice",
        **{"as": "telegram-ab12"},
    )
    assert answer.status_code == 201, answer.content
    token = answer.json()["file"]
    sender = {"id": "telegram-ab12", "name": "Omar", "language": "ar"}
    signed = staff.post(
        base + "sign/",
        data=json.dumps({"sender": sender, "chat": "private", "text": "", "file": token}),
        content_type="application/json",
    ).json()
    assert json.loads(signed["body"])["media"] == "voice"
    # Another sender cannot sign it.
    refused = staff.post(
        base + "sign/",
        data=json.dumps(
            {"sender": {**sender, "id": "telegram-zz"}, "chat": "private", "file": token}
        ),
        content_type="application/json",
    )
    assert refused.status_code == 400 and "no such file" in refused.json()["error"]
    with django_capture_on_commit_callbacks(execute=True):
        delivered = staff.post(
            f"/webhooks/{sim_channel.uuid}/",
            data=signed["body"],
            content_type="application/json",
            headers={"X-Passerelle-Signature": signed["signature"]},
        )
    assert delivered.status_code == 200
    message = Message.objects.get()
    assert message.media_kind == "voice" and message.extra["media"]["mime_type"] == "audio/ogg"
    media = staff.get(f"/s/{service.slug}/messages/{message.pk}/media/")
    assert media.content == OGG and media["Content-Type"] == "audio/ogg"
    feed = staff.get(base + "feed/?after=0&as=telegram-ab12").json()["messages"]
    url = [m for m in feed if m["mine"]][0]["media"]["url"]
    assert staff.get(url).content == OGG
    assert staff.get(url.replace("telegram-ab12", "telegram-zz")).status_code == 404


def test_an_unsigned_body_naming_a_file_is_refused(sim_channel, moderator):
    staff = Client()
    staff.force_login(moderator)
    base = f"/simulator/{sim_channel.uuid}/"
    token = _upload(staff, base + "upload/", "a.pdf", PDF, "application/pdf", **{"as": "s-1"})
    assert token.json()["media"] == "document"
    body = json.dumps(
        {
            "event_id": "sim-x",
            "sender": {"id": "s-1", "name": "A", "language": "en"},
            "file": token.json()["file"],
        }
    )
    unsigned = Client().post(
        f"/webhooks/{sim_channel.uuid}/", data=body, content_type="application/json"
    )
    assert unsigned.status_code == 403
    forged = Client().post(
        f"/webhooks/{sim_channel.uuid}/",
        data=body,
        content_type="application/json",
        headers={"X-Passerelle-Signature": sign("not-the-secret", body.encode())},
    )
    assert forged.status_code == 403
    assert not RawEvent.objects.exists()


def test_the_simulator_upload_is_staff_only(sim_channel):
    answer = _upload(Client(), f"/simulator/{sim_channel.uuid}/upload/", "a.png", PNG, "image/png")
    assert answer.status_code == 403
    assert not NativeFile.objects.exists()


def _sent_photo(client, chat, django_capture_on_commit_callbacks, suffix="1"):
    visitor, token = _open(client, chat)
    stored = _upload(client, f"/chat/{chat.uuid}/upload/", "id.png", PNG, "image/png").json()
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_file(client, chat, visitor, token, stored["file"], suffix).status_code == 200
    return stored["file"]


def test_erasing_the_member_deletes_their_files_and_no_one_elses(
    client, chat, service, moderator, django_capture_on_commit_callbacks
):
    _sent_photo(client, chat, django_capture_on_commit_callbacks)
    other = Client()
    kept = _sent_photo(other, chat, django_capture_on_commit_callbacks, suffix="2")
    rana = Message.objects.order_by("pk").first().member
    assert NativeFile.objects.count() == 2
    member_erase(member=Member.objects.get(pk=rana.pk), reason="asked by the member")
    assert list(NativeFile.objects.values_list("token", flat=True)) == [kept]
    # The message keeps its place; its file is gone for the moderator too.
    staff = Client()
    staff.force_login(moderator)
    erased = Message.objects.filter(member=rana).first()
    answer = staff.get(f"/s/{service.slug}/messages/{erased.pk}/media/")
    assert answer.status_code in (404, 502)


def test_retention_deletes_files_older_than_the_media_period(
    client, chat, service, django_capture_on_commit_callbacks
):
    old = _sent_photo(client, chat, django_capture_on_commit_callbacks)
    recent = _sent_photo(client, chat, django_capture_on_commit_callbacks, suffix="2")
    policy = retention_for(service)
    NativeFile.objects.filter(token=old).update(
        created_at=timezone.now() - timedelta(days=policy.media_days + 1)
    )
    retention_sweep()
    assert list(NativeFile.objects.values_list("token", flat=True)) == [recent]


def test_the_stored_kind_wins_over_the_envelopes_and_errors_speak_the_members_language(
    client, chat, django_capture_on_commit_callbacks
):
    visitor, token = _open(client, chat)
    stored = _upload(client, f"/chat/{chat.uuid}/upload/", "bail.pdf", PDF, "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        # The envelope (the visitor's to write) says "photo"; the file is a PDF.
        assert _post_file(client, chat, visitor, token, stored.json()["file"]).status_code == 200
    message = Message.objects.get()
    assert message.media_kind == "document"
    assert message.extra["media"]["file_name"] == "bail.pdf"
    client.cookies["django_language"] = "fr"
    refused = _upload(
        client, f"/chat/{chat.uuid}/upload/", "run.exe", b"MZ", "application/x-dosexec"
    )
    assert refused.status_code == 400
    assert "Ce type de fichier ne peut pas être envoyé" in refused.json()["error"]


def test_a_staff_voice_note_reaches_the_web_chat_members_feed_and_plays(
    client, chat, service, moderator, django_capture_on_commit_callbacks
):
    from passerelle.channels.outgoing_files import media_of, outgoing_file_store
    from passerelle.conversations.services import message_reply
    from passerelle.orgs.selectors import role_for
    from passerelle.testing.voice import webm_opus

    visitor, token = _open(client, chat)
    body = {
        "event_id": f"wc-{visitor}-t",
        "message_id": f"wc-{visitor}-t",
        "type": "message",
        "chat": "private",
        "text": "Bonjour",
        "sender": {"id": visitor, "name": "Rana", "language": "ar"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/webhooks/{chat.uuid}/",
            data=json.dumps(body),
            content_type="application/json",
            headers={"X-Passerelle-Webchat-Token": token},
        )
    thread = Message.objects.get().thread
    stored = outgoing_file_store(
        org_id=service.org_id,
        uploader="1",
        data=webm_opus(1.0),
        content_type="audio/webm",
        file_name="voice-note.webm",
        kind="voice",
    )
    role = role_for(moderator, service.slug, "reply")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="", media=media_of(stored))
    feed = client.get(f"/chat/{chat.uuid}/feed/?after=0").json()["messages"]
    (staff,) = [m for m in feed if m["direction"] == "out"]
    assert staff["media"]["kind"] == "voice" and staff["media"]["file_name"] == "voice-note.ogg"
    served = client.get(staff["media"]["url"])
    assert served.status_code == 200 and served.content[:4] == b"OggS"
    assert served["Content-Type"] == "audio/ogg"

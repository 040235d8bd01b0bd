"""A member's voice note is playable by the moderator: fetched from the Bot API on demand."""

from passerelle.conversations.models import Message

from .conftest import update

VOICE_ID = "AwACAgEAAyEFAASFrTmWAAIRqmjuQ3t1Q2x5ZmFrZVZvaWNlSWQAAk0FAAKp"


def test_voice_note_is_fetched_through_getfile(deliver, fake_telegram, moderator_client):
    assert deliver("voice").status_code == 200
    message = Message.objects.get()
    assert message.media_kind == "voice" and message.extra["media"]["file_id"] == VOICE_ID
    slug = message.service.slug
    inbox = moderator_client.get(f"/s/{slug}/inbox/?thread={message.thread_id}").content.decode()
    assert f"/s/{slug}/messages/{message.pk}/media/" in inbox and "<audio" in inbox

    fake_telegram.add_file(VOICE_ID, b"OggS-voice-bytes", "voice/file_7.oga")
    response = moderator_client.get(f"/s/{slug}/messages/{message.pk}/media/")
    assert response.status_code == 200 and response.content == b"OggS-voice-bytes"
    assert response["Content-Type"] == "audio/ogg"
    assert fake_telegram.calls("getFile")


def test_a_file_the_platform_refuses_is_a_clear_502(deliver, fake_telegram, moderator_client):
    deliver("voice")
    message = Message.objects.get()
    fake_telegram.script("server_error", match="getFile")
    response = moderator_client.get(f"/s/{message.service.slug}/messages/{message.pk}/media/")
    assert response.status_code == 502
    assert "did not give the file" in response.content.decode()


def test_text_messages_have_no_file(deliver, moderator_client):
    deliver("group_text")
    message = Message.objects.get()
    assert message.extra.get("media") is None
    url = f"/s/{message.service.slug}/messages/{message.pk}/media/"
    assert moderator_client.get(url).status_code == 404


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def _document(deliver, fake_telegram, data: bytes, path: str, mime_type: str, name: str):
    update_data = update("document")
    document = update_data["message"]["document"]
    document.update(mime_type=mime_type, file_name=name)
    deliver(update_data)
    fake_telegram.add_file(document["file_id"], data, path)
    return Message.objects.get()


def _assert_sandboxed(response):
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_members_svg_is_a_sandboxed_download_never_inline(
    deliver, fake_telegram, moderator_client
):
    message = _document(
        deliver, fake_telegram, SVG, "documents/file_7.svg", "image/svg+xml", "plan.svg"
    )
    response = moderator_client.get(f"/s/{message.service.slug}/messages/{message.pk}/media/")
    assert response.status_code == 200 and response.content == SVG
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="plan.svg"'
    _assert_sandboxed(response)


def test_html_declared_as_a_photo_is_not_shown_inline(deliver, fake_telegram, moderator_client):
    html = b"<!doctype html><script>fetch('/api/services')</script>"
    message = _document(
        deliver, fake_telegram, html, "photos/file_8.jpg", "image/jpeg", "photo.jpg"
    )
    response = moderator_client.get(f"/s/{message.service.slug}/messages/{message.pk}/media/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    _assert_sandboxed(response)


def test_a_real_image_is_shown_inline_under_the_type_its_bytes_prove(
    deliver, fake_telegram, moderator_client
):
    message = _document(
        deliver, fake_telegram, PNG, "documents/file_9.pdf", "application/pdf", "scan.pdf"
    )
    response = moderator_client.get(f"/s/{message.service.slug}/messages/{message.pk}/media/")
    assert response["Content-Type"] == "image/png" and "Content-Disposition" not in response
    _assert_sandboxed(response)


def test_errors_about_member_files_are_sandboxed_too(deliver, fake_telegram, moderator_client):
    deliver("voice")
    message = Message.objects.get()
    fake_telegram.script("server_error", match="getFile")
    response = moderator_client.get(f"/s/{message.service.slug}/messages/{message.pk}/media/")
    assert response.status_code == 502
    _assert_sandboxed(response)
    deliver("group_text")
    text = Message.objects.get(media_kind="text")
    response = moderator_client.get(f"/s/{text.service.slug}/messages/{text.pk}/media/")
    assert response.status_code == 404
    _assert_sandboxed(response)

"""A member's voice note is playable by the moderator: fetched from the Bot API on demand."""

from passerelle.conversations.models import Message

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

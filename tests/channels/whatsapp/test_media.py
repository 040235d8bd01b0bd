"""A WhatsApp voice note is fetched from the Cloud API (media URL, then download) on demand."""

from passerelle.conversations.models import Message
from passerelle.testing.platforms import fixture, make_whatsapp, post_meta


def test_voice_note_is_fetched_from_the_cloud_api(
    client, service, fake_graph, moderator_client, django_capture_on_commit_callbacks
):
    channel = make_whatsapp(service, fake_graph)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_meta(client, channel, fixture("whatsapp", "audio")).status_code == 200
    message = Message.objects.get()
    assert (
        message.media_kind == "voice" and message.extra["media"]["media_id"] == "1187294035561728"
    )
    fake_graph.add_media("1187294035561728", b"OggS-whatsapp", "audio/ogg")
    response = moderator_client.get(f"/s/{service.slug}/messages/{message.pk}/media/")
    assert response.status_code == 200 and response.content == b"OggS-whatsapp"
    assert response["Content-Type"].startswith("audio/ogg")


def test_the_channel_log_keeps_the_files_size_and_type_never_its_bytes(
    client, service, fake_graph, moderator_client, django_capture_on_commit_callbacks
):
    from passerelle.channels.models import ChannelLog

    channel = make_whatsapp(service, fake_graph)
    with django_capture_on_commit_callbacks(execute=True):
        post_meta(client, channel, fixture("whatsapp", "document"))
    message = Message.objects.get()
    words = b"%PDF-1.7 refugee claim number 1234-5678"
    fake_graph.add_media(message.extra["media"]["media_id"], words, "application/pdf")
    response = moderator_client.get(f"/s/{service.slug}/messages/{message.pk}/media/")
    assert response.content == words and response["Content-Disposition"].startswith("attachment")
    download = ChannelLog.objects.get(action="media download")
    assert download.response == f"[member file: {len(words)} bytes, application/pdf]"
    assert not ChannelLog.objects.filter(response__contains="refugee").exists()

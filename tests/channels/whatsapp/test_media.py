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

"""Staff files to Messenger: the attachment uploaded with the message (multipart filedata)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.channels.models import ContactStatus, OutboundMessage
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.platforms import PSID, fixture, make_messenger, post_meta

from ..staff_media_helpers import PDF, PNG, staff_media


@pytest.fixture
def channel(service, fake_graph):
    return make_messenger(service, fake_graph)


@pytest.fixture
def thread(client, channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_meta(client, channel, fixture("messenger", "text"))
    ContactStatus.objects.update(last_inbound_at=timezone.now() - timedelta(hours=1))
    return Thread.objects.get(kind="private")


@pytest.mark.parametrize(
    "data, content_type, name, attachment_type",
    [(PNG, "image/png", "plan.png", "image"), (PDF, "application/pdf", "bail.pdf", "file")],
)
def test_a_file_goes_as_an_attachment_then_the_text(
    thread,
    fake_graph,
    django_capture_on_commit_callbacks,
    data,
    content_type,
    name,
    attachment_type,
):
    role = make_staff(thread.service, Role.MODERATOR)[1]
    media = staff_media(thread.service, data, content_type, name)
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Voici", media=media)
    attachment, text = fake_graph.messenger_sends()
    assert json.loads(attachment.form["recipient"]) == {"id": PSID}
    assert attachment.form["messaging_type"] == "RESPONSE"
    message = json.loads(attachment.form["message"])
    assert message["attachment"]["type"] == attachment_type
    upload = attachment.files["filedata"]
    assert (upload.filename, upload.data, upload.content_type) == (name, data, content_type)
    assert text.json["message"] == {"text": "Voici"}
    row = OutboundMessage.objects.get()
    assert row.state == "sent" and row.platform_message_id.startswith("m_")

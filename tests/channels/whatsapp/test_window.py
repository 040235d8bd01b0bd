"""The 24-hour window: free-form replies inside it, approved templates outside it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.channels.models import ContactStatus, OutboundMessage
from passerelle.channels.types.base import OutboundRequest, SendError
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.channels.types.whatsapp.services import template_add
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply, message_send_system, template_send
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_staff
from passerelle.testing.platforms import WA_USER, fixture, make_whatsapp, post_meta


@pytest.fixture
def channel(service, fake_graph):
    return make_whatsapp(service, fake_graph)


@pytest.fixture
def role(service):
    return make_staff(service, Role.MODERATOR)[1]


@pytest.fixture
def admin_role(service):
    return make_staff(service, Role.ADMIN)[1]


@pytest.fixture
def thread(client, channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_meta(client, channel, fixture("whatsapp", "text"))
    return Thread.objects.get(kind="private")


def _age(thread, hours):
    """Make the member's last message `hours` old (the window opens at it)."""
    ContactStatus.objects.update(last_inbound_at=timezone.now() - timedelta(hours=hours))


@pytest.fixture
def template(admin_role, channel):
    return template_add(
        role=admin_role,
        channel=channel,
        name="case_follow_up",
        language="ar",
        category="UTILITY",
        body="مرحبا {{1}}، لديك موعد يوم {{2}}. ردوا للتأكيد.",
    )


def test_reply_inside_the_window_goes_out_as_text(
    thread, role, fake_graph, django_capture_on_commit_callbacks
):
    _age(thread, 23)
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Bonjour Amira")
    (sent,) = fake_graph.whatsapp_sends()
    assert sent.path == "/v21.0/109876543210987/messages"
    assert sent.json["type"] == "text" and sent.json["text"]["body"] == "Bonjour Amira"
    assert sent.json["to"] == WA_USER
    assert OutboundMessage.objects.get().state in ("sent", "delivered")


def test_reply_outside_the_window_is_blocked_before_sending(thread, role, fake_graph):
    _age(thread, 25)
    with pytest.raises(ValidationError) as caught:
        message_reply(role=role, thread=thread, text="Bonjour")
    assert "24-hour" in caught.value.messages[0] and "template" in caught.value.messages[0]
    assert not Message.objects.filter(direction="out").exists()
    assert not fake_graph.requests.snapshot()


def test_inbox_shows_the_reason_and_the_template_picker(thread, role, template, client):
    _age(thread, 30)
    client.force_login(role.user)
    slug = role.service.slug
    page = client.get(f"/s/{slug}/inbox/?thread={thread.pk}").content.decode()
    assert "24-hour window closed" in page and "case_follow_up" in page
    assert 'name="param_1"' in page and 'name="param_2"' in page
    refused = client.post(
        f"/s/{slug}/threads/{thread.pk}/reply/", {"text": "hi"}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 422 and "24-hour" in refused.content.decode()


def test_sending_a_template_uses_the_template_api_shape(
    thread, role, template, client, fake_graph, django_capture_on_commit_callbacks
):
    _age(thread, 48)
    client.force_login(role.user)
    url = f"/s/{role.service.slug}/threads/{thread.pk}/whatsapp-template/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"template": template.pk, "param_1": "Amira", "param_2": "الثلاثاء"},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    (sent,) = fake_graph.whatsapp_sends()
    assert sent.json["type"] == "template"
    assert sent.json["template"] == {
        "name": "case_follow_up",
        "language": {"code": "ar"},
        "components": [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "Amira"},
                    {"type": "text", "text": "الثلاثاء"},
                ],
            }
        ],
    }
    message = Message.objects.get(direction="out")
    assert message.text == "مرحبا Amira، لديك موعد يوم الثلاثاء. ردوا للتأكيد."
    row = OutboundMessage.objects.get(source_id=message.pk)
    assert row.template["name"] == "case_follow_up"
    assert row.state == "sent" and row.platform_message_id.startswith("wamid.")


def test_template_needs_every_parameter(thread, role, template, fake_graph):
    with pytest.raises(ValidationError):
        template_send(role=role, thread=thread, template=template, params=["Amira", " "])
    assert not fake_graph.requests.snapshot()


def test_automatic_message_outside_the_window_fails_without_calling_meta(
    thread, fake_graph, django_capture_on_commit_callbacks
):
    _age(thread, 26)
    with django_capture_on_commit_callbacks(execute=True):
        message_send_system(thread=thread, text="Rappel")
    row = OutboundMessage.objects.get()
    assert row.state == "failed" and "24-hour" in row.error
    assert not fake_graph.requests.snapshot()


@pytest.mark.parametrize(
    "preset, permanent",
    [
        ("rate_limit", False),
        ("pair_rate_limit", False),
        ("server_error", False),
        ("reengagement", True),
        ("undeliverable", True),
    ],
)
def test_graph_errors_are_throttling_or_permanent(
    thread, channel, fake_graph, service, preset, permanent
):
    _age(thread, 1)
    message = Message.objects.create(
        org=service.org,
        service=service,
        thread=thread,
        direction="out",
        text="x",
        member=thread.member,
        created_at=timezone.now(),
    )
    row = OutboundMessage.objects.create(
        org=service.org, channel=channel, source_id=message.pk, text=message.text, recipient=WA_USER
    )
    fake_graph.script(preset)
    with pytest.raises(SendError) as caught:
        channel.channel_type.send(channel, row.request())
    assert caught.value.permanent is permanent
    assert len(fake_graph.whatsapp_sends()) == 1
    if not permanent and preset != "server_error":
        assert caught.value.retry_after and caught.value.retry_after >= 1


def test_rate_limits_per_number_and_per_person(channel, service, thread):
    row = OutboundRequest(text="", recipient=WA_USER)
    limits = {limit.key: limit for limit in channel.channel_type.rate_limits(channel, row)}
    assert limits["whatsapp:number:109876543210987"].limit == 80
    pair = limits[f"whatsapp:pair:109876543210987:{WA_USER}"]
    assert (pair.limit, pair.period) == (1, 6.0)
    channel.config["throughput"] = 250
    assert channel.channel_type.rate_limits(channel, row)[0].limit == 250


def test_templates_page_is_for_administrators(client, role, admin_role, channel):
    slug = role.service.slug
    client.force_login(role.user)
    assert client.get(f"/s/{slug}/whatsapp/templates/").status_code == 404
    login_verified(client, admin_role.user)
    response = client.post(
        f"/s/{slug}/whatsapp/templates/",
        {
            "channel": channel.pk,
            "name": "rappel_rdv",
            "language": "fr",
            "category": "UTILITY",
            "body": "Bonjour {{1}}, votre rendez-vous est demain.",
        },
    )
    assert response.status_code == 302
    template = WhatsAppTemplate.objects.get()
    assert template.param_count == 1 and template.org == channel.org
    bad = client.post(
        f"/s/{slug}/whatsapp/templates/",
        {"channel": channel.pk, "name": "Bad Name", "language": "fr", "body": "x"},
    )
    assert bad.status_code == 422
    client.post(f"/s/{slug}/whatsapp/templates/{template.pk}/delete/")
    assert not WhatsAppTemplate.objects.exists()

"""The moderator inbox over HTTP: threads, polling, replies, labels, members."""

from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.conversations.models import Message, Thread
from passerelle.testing.factories import post_signed, sim_body


def _receive(client, channel, capture, **kw):
    with capture(execute=True):
        assert post_signed(client, channel, sim_body(**kw)).status_code == 200


def test_inbox_lists_group_first_then_newest_private(
    moderator_client, sim_channel, django_capture_on_commit_callbacks
):
    _receive(
        moderator_client,
        sim_channel,
        django_capture_on_commit_callbacks,
        sender="a",
        name="Amal",
        chat="private",
    )
    _receive(
        moderator_client,
        sim_channel,
        django_capture_on_commit_callbacks,
        sender="b",
        name="Bilal",
        chat="private",
    )
    page = moderator_client.get(f"/s/{sim_channel.service.slug}/inbox/threads/").content.decode()
    assert page.index("Group") < page.index("Bilal") < page.index("Amal")
    assert 'class="badge"' in page  # unread counts


def test_poller_returns_only_new_messages_and_204_when_none(
    moderator_client, sim_channel, django_capture_on_commit_callbacks
):
    slug = sim_channel.service.slug
    thread = Thread.objects.get(service=sim_channel.service, kind="group")
    url = f"/s/{slug}/threads/{thread.pk}/new/?after=0"
    assert moderator_client.get(url).status_code == 204
    _receive(moderator_client, sim_channel, django_capture_on_commit_callbacks, text="سؤال جديد")
    response = moderator_client.get(url)
    assert response.status_code == 200 and "سؤال جديد" in response.content.decode()
    last = Message.objects.get().pk
    assert (
        moderator_client.get(f"/s/{slug}/threads/{thread.pk}/new/?after={last}").status_code == 204
    )
    thread.refresh_from_db()
    assert thread.unread_count == 0  # seen by the moderator


def test_reply_creates_message_and_outbound_send(
    moderator_client, sim_channel, django_capture_on_commit_callbacks
):
    slug = sim_channel.service.slug
    thread = Thread.objects.get(service=sim_channel.service, kind="group")
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"/s/{slug}/threads/{thread.pk}/reply/", {"text": "مرحبا", "label": "information"}
        )
    assert response.status_code == 200 and "مرحبا" in response.content.decode()
    message = Message.objects.get(direction="out")
    assert message.label == "information" and message.author.email.endswith("example.org")
    send = OutboundMessage.objects.get(source_id=message.pk)
    assert send.state == "sent" and send.recipient == "group" and send.attempts == 1


def test_empty_reply_is_a_clear_error_and_sends_nothing(moderator_client, sim_channel):
    slug = sim_channel.service.slug
    thread = Thread.objects.get(service=sim_channel.service, kind="group")
    response = moderator_client.post(f"/s/{slug}/threads/{thread.pk}/reply/", {"text": "  "})
    assert response.status_code == 422
    assert "Write a message" in response.content.decode()
    assert not Message.objects.exists()


def test_private_reply_goes_to_the_member_on_their_platform(
    moderator_client, sim_channel, django_capture_on_commit_callbacks
):
    _receive(
        moderator_client,
        sim_channel,
        django_capture_on_commit_callbacks,
        sender="whatsapp-77",
        chat="private",
    )
    thread = Thread.objects.get(kind="private")
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/s/{sim_channel.service.slug}/threads/{thread.pk}/reply/", {"text": "نعم"}
        )
    assert OutboundMessage.objects.get().recipient == "whatsapp-77"


def test_label_and_clear_label(moderator_client, sim_channel, django_capture_on_commit_callbacks):
    _receive(moderator_client, sim_channel, django_capture_on_commit_callbacks)
    message = Message.objects.get()
    url = f"/s/{sim_channel.service.slug}/messages/{message.pk}/label/"
    response = moderator_client.post(url, {"label": "request"})
    assert response.status_code == 200 and "Request for information" in response.content.decode()
    message.refresh_from_db()
    assert message.label == "request" and message.labelled_by is not None
    assert moderator_client.post(url, {"label": "nonsense"}).status_code == 422
    moderator_client.post(url, {"label": ""})
    message.refresh_from_db()
    assert message.label == ""


def test_reply_privately_opens_the_members_private_thread(
    moderator_client, sim_channel, django_capture_on_commit_callbacks
):
    _receive(moderator_client, sim_channel, django_capture_on_commit_callbacks, sender="t-5")
    message = Message.objects.get()
    url = f"/s/{sim_channel.service.slug}/messages/{message.pk}/private/"
    # It may create a thread: a GET (a link, an <img src> on any page) must not.
    assert moderator_client.get(url).status_code == 405
    assert not Thread.objects.filter(kind="private", member=message.member).exists()
    response = moderator_client.post(url)
    thread = Thread.objects.get(kind="private", member=message.member)
    assert response.status_code == 302 and f"thread={thread.pk}" in response["Location"]


def test_older_messages_paginate(moderator_client, sim_channel):
    service = sim_channel.service
    thread = Thread.objects.get(service=service, kind="group")
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            org=service.org,
            service=service,
            thread=thread,
            direction="in",
            text=f"m{i}",
            created_at=now - timezone.timedelta(minutes=200 - i),
        )
        for i in range(120)
    )
    page = moderator_client.get(f"/s/{service.slug}/inbox/").content.decode()
    assert "m119" in page and "m69" not in page and "Show older messages" in page
    first_shown = Message.objects.get(text="m70").pk
    older = moderator_client.get(
        f"/s/{service.slug}/threads/{thread.pk}/older/?before={first_shown}"
    )
    assert "m69" in older.content.decode() and "m19" not in older.content.decode()


def test_members_list_search_filter_and_pages(
    moderator_client, sim_channel, django_capture_on_commit_callbacks
):
    for i in range(30):
        _receive(
            moderator_client,
            sim_channel,
            django_capture_on_commit_callbacks,
            sender=f"p{i}",
            name=f"Person {i:02d}",
        )
    slug = sim_channel.service.slug
    first = moderator_client.get(f"/s/{slug}/members/").content.decode()
    assert "Page 1 of 2" in first
    found = moderator_client.get(f"/s/{slug}/members/?q=Person 07").content.decode()
    assert "Person 07" in found and "Person 08" not in found
    none = moderator_client.get(f"/s/{slug}/members/?status=removed").content.decode()
    assert "No members match" in none


def test_ui_renders_in_french_and_arabic_rtl(moderator_client, sim_channel):
    slug = sim_channel.service.slug
    moderator_client.cookies["django_language"] = "ar"
    page = moderator_client.get(f"/s/{slug}/inbox/").content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    moderator_client.cookies["django_language"] = "fr"
    page = moderator_client.get(f"/s/{slug}/inbox/").content.decode()
    assert 'lang="fr"' in page and "Boîte de réception" in page


def test_automatic_messages_show_in_the_inbox(moderator_client, sim_channel):
    from passerelle.conversations.services import message_send_system

    thread = Thread.objects.get(service=sim_channel.service, kind="group")
    message_send_system(thread=thread, text="رسالة تلقائية")
    page = moderator_client.get(f"/s/{sim_channel.service.slug}/inbox/?thread={thread.pk}")
    assert page.status_code == 200
    assert "Automatic message" in page.content.decode() and "رسالة تلقائية" in page.content.decode()


def test_a_members_reply_to_a_staff_message_is_linked_to_it(
    moderator_client, sim_channel, django_capture_on_commit_callbacks
):
    import json

    thread = Thread.objects.get(service=sim_channel.service, kind="group")
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/s/{sim_channel.service.slug}/threads/{thread.pk}/reply/", {"text": "ورشة الخميس"}
        )
    staff = Message.objects.get(direction="out")
    send = OutboundMessage.objects.get(source_id=staff.pk)
    body = json.loads(sim_body(text="هل تحتاج تسجيل؟"))
    body["reply_to"] = send.platform_message_id
    with django_capture_on_commit_callbacks(execute=True):
        post_signed(moderator_client, sim_channel, json.dumps(body).encode())
    assert Message.objects.get(direction="in").reply_to == staff

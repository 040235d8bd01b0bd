"""The web chat as an app: its manifest and service worker, the visitor's push
subscription, a staff reply pushed through the real pipeline to the fake push service
(which decrypts it, RFC 8291), erasure forgetting the subscription, and staff files
shown to the member they were sent to."""

import json
import os
import re

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client

from passerelle.channels.models import OutboundMessage, PushSubscription
from passerelle.channels.outgoing_files import media_of, outgoing_file_store, signed_url
from passerelle.channels.types.webchat.push import b64url_decode
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_reply, message_send
from passerelle.members.models import Member
from passerelle.orgs.models import Role
from passerelle.privacy.erasure import member_erase
from passerelle.testing.factories import make_channel, make_staff
from passerelle.testing.fakeplatforms import FakePushService

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def chat(service):
    return make_channel(service, "webchat")


@pytest.fixture
def push(settings):
    with FakePushService() as server:
        settings.WEBPUSH_ENDPOINT_HOSTS = ["http://127.0.0.1"]
        yield server


def _open(client, chat):
    page = client.get(f"/chat/{chat.uuid}/").content.decode()
    found = re.search(r'data-visitor="([0-9a-f]+)" data-token="([0-9a-f]+)"', page)
    return found.group(1), found.group(2)


def _write(client, chat, visitor, token, text="J'ai une question sur mon bail"):
    body = {
        "event_id": f"wc-{visitor}-1",
        "message_id": f"wc-{visitor}-1",
        "type": "message",
        "chat": "private",
        "text": text,
        "sender": {"id": visitor, "name": "Rana", "language": "fr"},
    }
    return client.post(
        f"/webhooks/{chat.uuid}/",
        data=json.dumps(body),
        content_type="application/json",
        headers={"X-Passerelle-Webchat-Token": token},
    )


def _subscribe(client, chat, subscription):
    return client.post(
        f"/chat/{chat.uuid}/push/",
        data=json.dumps({"subscription": subscription}),
        content_type="application/json",
    )


def test_the_manifest_installs_the_chat_in_the_members_language(client, chat, service):
    answer = client.get(f"/chat/{chat.uuid}/manifest.webmanifest")
    assert answer["Content-Type"] == "application/manifest+json"
    manifest = json.loads(answer.content)
    page = f"/chat/{chat.uuid}/"
    assert manifest["name"] == service.name and manifest["display"] == "standalone"
    assert manifest["start_url"] == page and manifest["scope"] == page
    assert manifest["lang"] == "en" and manifest["dir"] == "ltr"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
    client.cookies["django_language"] = "ar"
    arabic = json.loads(client.get(f"/chat/{chat.uuid}/manifest.webmanifest").content)
    assert arabic["lang"] == "ar" and arabic["dir"] == "rtl"


def test_the_service_worker_is_served_from_the_chat_so_its_scope_is_the_chat(client, chat):
    answer = client.get(f"/chat/{chat.uuid}/sw.js")
    assert answer["Content-Type"].startswith("text/javascript")
    assert answer["Service-Worker-Allowed"] == f"/chat/{chat.uuid}/"
    settings = json.loads(re.search(r"var S = (\{.*\});", answer.content.decode()).group(1))
    assert settings["page"] == f"/chat/{chat.uuid}/"
    assert f"/chat/{chat.uuid}/" in settings["shell"]
    assert all(client.get(url).status_code == 200 for url in settings["shell"][1:])


def test_the_page_links_its_manifest_and_offers_push_with_the_channels_key(client, chat):
    page = client.get(f"/chat/{chat.uuid}/").content.decode()
    chat.refresh_from_db()
    assert f'href="/chat/{chat.uuid}/manifest.webmanifest"' in page
    assert f'data-vapid="{chat.config["vapid_public_key"]}"' in page
    assert "htmx.min.js" not in page  # the chat page carries no htmx


def test_a_subscription_needs_the_visitor_and_the_csrf_token(chat, push):
    subscription = push.subscription(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
    stranger = Client()
    assert _subscribe(stranger, chat, subscription).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    _open(strict, chat)
    assert _subscribe(strict, chat, subscription).status_code == 403
    assert not PushSubscription.objects.exists()


def test_a_bad_subscription_is_refused_with_a_reason(client, chat):
    _open(client, chat)
    answer = _subscribe(client, chat, {"endpoint": "http://10.0.0.1/", "keys": {}})
    assert answer.status_code == 400 and "cannot read" in answer.json()["error"]


def test_a_staff_reply_reaches_the_visitors_browser_decrypted_by_the_push_service(
    client, chat, service, push, django_capture_on_commit_callbacks
):
    visitor, token = _open(client, chat)
    with django_capture_on_commit_callbacks(execute=True):
        assert _write(client, chat, visitor, token).status_code == 200
    # The page's subscription: the browser's keys, made here as a browser makes them.
    subscription = push.subscription(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
    client.cookies["django_language"] = "fr"
    assert _subscribe(client, chat, subscription).status_code == 201
    assert PushSubscription.objects.get().address == visitor
    chat.refresh_from_db()
    push.expected_key = b64url_decode(chat.config["vapid_public_key"])

    role = make_staff(service, Role.MODERATOR)[1]
    thread = Thread.objects.get(kind="private")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Oui : passez mardi à 10 h, bureau 2.")
    assert OutboundMessage.objects.get(recipient=visitor).state == "sent"
    [pushed] = push.messages
    # No detail on a lock screen unless the channel says so.
    assert pushed.json["title"] == service.name and pushed.json["body"] == "Nouveau message"
    assert pushed.claims["aud"] == push.url

    # Erasing the member forgets their browser too: no more pushes to it.
    member = Member.objects.get()
    member_erase(member=member, reason="asked", service=service)
    assert not PushSubscription.objects.exists()


def test_a_staff_file_shows_to_its_member_and_nobody_else(
    client, chat, service, django_capture_on_commit_callbacks
):
    visitor, token = _open(client, chat)
    with django_capture_on_commit_callbacks(execute=True):
        _write(client, chat, visitor, token)
    stored = outgoing_file_store(
        org_id=chat.org_id,
        uploader="staff-1",
        data=PNG,
        content_type="image/png",
        file_name="plan.png",
        kind="photo",
    )
    thread = Thread.objects.get(kind="private")
    with django_capture_on_commit_callbacks(execute=True):
        message_send(thread=thread, text="Le plan du bureau", media=media_of(stored))
    feed = client.get(f"/chat/{chat.uuid}/feed/?after=0").json()["messages"]
    media = feed[-1]["media"]
    assert media == {
        "kind": "photo",
        "url": signed_url(stored, absolute=False),
        "file_name": "plan.png",
    }
    assert client.get(media["url"]).content == PNG
    # Another visitor's feed does not list it, so they never learn its address.
    stranger = Client()
    _open(stranger, chat)
    listed = stranger.get(f"/chat/{chat.uuid}/feed/?after=0").json()["messages"]
    assert all(m.get("media") is None for m in listed)


def test_a_staff_message_in_the_group_reaches_the_members_browsers_only(
    client, chat, service, push, django_capture_on_commit_callbacks
):
    from passerelle.channels.models import PlatformAction
    from passerelle.communities.services import membership_ensure
    from passerelle.conversations.services import group_thread_for

    visitor, token = _open(client, chat)
    with django_capture_on_commit_callbacks(execute=True):
        _write(client, chat, visitor, token)
    _subscribe(client, chat, push.subscription(ec.generate_private_key(ec.SECP256R1()), b"1" * 16))
    # Another visitor who subscribed but is not a member of the group.
    stranger = Client()
    other, other_token = _open(stranger, chat)
    with django_capture_on_commit_callbacks(execute=True):
        _write(stranger, chat, other, other_token)
    _subscribe(
        stranger, chat, push.subscription(ec.generate_private_key(ec.SECP256R1()), b"2" * 16)
    )
    rana = Member.objects.get(identities__address=visitor)
    membership_ensure(service=service, member=rana, via="test")

    role = make_staff(service, Role.MODERATOR)[1]
    with django_capture_on_commit_callbacks(execute=True):
        message_send(thread=group_thread_for(service), text="Atelier vendredi", author=role.user)
    action = PlatformAction.objects.get(action="notify")
    assert action.state == "done" and action.params["addresses"] == [visitor]
    [pushed] = push.messages  # hers; not the stranger's
    assert pushed.json["title"] == service.name

    # An automatic group message (no author) pushes nobody.
    with django_capture_on_commit_callbacks(execute=True):
        message_send(thread=group_thread_for(service), text="Bienvenue à Samir")
    assert PlatformAction.objects.filter(action="notify").count() == 1

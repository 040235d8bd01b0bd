"""A one-way service (only staff post in the group) refuses members' group posts on every
channel, through the dispatcher's one path: taken off the platform's group, the member told
why, and what they wrote kept as a private message for the team."""

import pytest

from passerelle.communities.models import Membership
from passerelle.communities.texts import TEXTS
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import group_thread_for, message_send
from passerelle.orgs.models import Service

from .conftest import GROUP, update

pytestmark = pytest.mark.django_db


def _refusal(text: str) -> bool:
    return any(text.startswith(t.split("{service}")[0]) for t in TEXTS["one_way_refused"].values())


@pytest.fixture
def one_way(service):
    Service.objects.filter(pk=service.pk).update(mode=Service.Mode.ONE_WAY)
    service.refresh_from_db()
    return service


def _sent(fake, method):
    return [r.params for r in fake.calls(method)]


def test_a_member_post_in_a_telegram_one_way_group_is_refused_and_kept_privately(
    one_way, tg, deliver, fake_telegram, django_capture_on_commit_callbacks
):
    doc = update("group_text")
    assert deliver(doc).status_code == 200
    text = doc["message"]["text"]
    # Off the group (the bot deletes it), kept in the member's private thread.
    deleted = _sent(fake_telegram, "deleteMessage")
    assert [(d["chat_id"], d["message_id"]) for d in deleted] == [
        (GROUP, doc["message"]["message_id"])
    ]
    received = Message.objects.get(direction="in")
    assert received.thread.kind == Thread.Kind.PRIVATE and received.text == text.strip()
    assert not Message.objects.filter(thread__kind="group").exists()
    # The member is told why, privately, in their language.
    notes = [p for p in _sent(fake_telegram, "sendMessage") if p["chat_id"] != GROUP]
    assert len(notes) == 1 and _refusal(notes[0]["text"]) and one_way.name in notes[0]["text"]
    assert Membership.objects.filter(service=one_way, status="active").count() == 1

    # A second delivery of the same update changes nothing and sends nothing more.
    assert deliver(doc).status_code == 200
    assert len(_sent(fake_telegram, "deleteMessage")) == 1
    assert Message.objects.filter(direction="in").count() == 1


def test_staff_posts_in_a_one_way_group_go_out(
    one_way, tg, fake_telegram, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_send(thread=group_thread_for(one_way), text="Atelier CV jeudi 14 h")
    posted = [p for p in _sent(fake_telegram, "sendMessage") if p["chat_id"] == GROUP]
    assert [p["text"] for p in posted] == ["Atelier CV jeudi 14 h"]


def test_an_interactive_group_still_takes_members_posts(service, tg, deliver, fake_telegram):
    assert deliver("group_text").status_code == 200
    assert Message.objects.get(direction="in").thread.kind == Thread.Kind.GROUP
    assert _sent(fake_telegram, "deleteMessage") == []

"""A private conversation's status and assignee: set from its header, audited, reopened
by the member, snoozes that end by themselves, and the inbox views built on them."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passerelle.conversations import selectors
from passerelle.conversations.models import Thread, ThreadEvent
from passerelle.conversations.services import (
    group_thread_for,
    private_thread_for,
    thread_assign,
    thread_status_set,
)
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import inbound, make_member
from passerelle.testing.factories import make_service, make_staff, post_signed, sim_body


@pytest.fixture
def role(moderator):
    return moderator.staff_roles.get()


def _thread(service, name="Amal"):
    member = make_member(service, name=name)
    inbound(service, member=member, private=True, text=f"Bonjour, je suis {name}")
    return private_thread_for(service, member)


def _listed(client, service, view):
    html = client.get(f"/s/{service.slug}/inbox/threads/", {"view": view}).content.decode()
    return [int(pk) for pk in re.findall(r'data-thread="(\d+)"', html)]


def test_status_change_is_stored_with_an_event_and_a_same_status_writes_none(role, service):
    thread = _thread(service)
    thread_status_set(role=role, thread=thread, status="resolved")
    thread_status_set(role=role, thread=thread, status="resolved")
    thread.refresh_from_db()
    assert thread.status == "resolved"
    event = ThreadEvent.objects.get(thread=thread)
    assert (event.kind, event.actor, event.data) == (
        "status",
        role.user,
        {"from": "open", "to": "resolved", "until": None},
    )


def test_a_snooze_needs_a_future_time_and_ends_by_itself(role, service):
    thread = _thread(service)
    with pytest.raises(ValidationError):
        thread_status_set(role=role, thread=thread, status="snoozed")
    with pytest.raises(ValidationError):
        thread_status_set(
            role=role,
            thread=thread,
            status="snoozed",
            snoozed_until=timezone.now() - timedelta(minutes=1),
        )
    until = timezone.now() + timedelta(hours=2)
    thread_status_set(role=role, thread=thread, status="snoozed", snoozed_until=until)
    assert selectors.thread_get(role, thread.pk).status_now == "snoozed"
    # Two hours later nothing was written, and the conversation reads as open.
    Thread.objects.filter(pk=thread.pk).update(snoozed_until=timezone.now() - timedelta(seconds=1))
    assert selectors.thread_get(role, thread.pk).status_now == "open"
    assert Thread.objects.get(pk=thread.pk).status == "snoozed"


def test_the_group_has_no_status_and_a_viewer_cannot_change_one(role, service):
    with pytest.raises(ValidationError):
        thread_status_set(role=role, thread=group_thread_for(service), status="resolved")
    _user, viewer = make_staff(service, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        thread_status_set(role=viewer, thread=_thread(service), status="resolved")


def test_assignment_only_to_staff_of_the_service_with_an_event(role, service):
    thread = _thread(service)
    colleague, _r = make_staff(service, Role.MODERATOR)
    stranger, _r = make_staff(make_service(), Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        thread_assign(role=role, thread=thread, assignee_id=stranger.pk)
    thread_assign(role=role, thread=thread, assignee_id=colleague.pk)
    thread_assign(role=role, thread=thread, assignee_id=None)
    assert Thread.objects.get(pk=thread.pk).assignee is None
    assert [e.data for e in ThreadEvent.objects.filter(thread=thread).order_by("pk")] == [
        {"from": None, "to": colleague.pk},
        {"from": colleague.pk, "to": None},
    ]


@pytest.mark.parametrize("status", ["resolved", "snoozed"])
def test_a_new_member_message_reopens_the_conversation(
    moderator_client, role, sim_channel, django_capture_on_commit_callbacks, status
):
    service = sim_channel.service

    def receive(text):
        body = sim_body(sender="amal-1", name="Amal", chat="private", text=text)
        with django_capture_on_commit_callbacks(execute=True):
            assert post_signed(moderator_client, sim_channel, body).status_code == 200

    receive("Bonjour")
    thread = Thread.objects.get(service=service, kind="private")
    until = timezone.now() + timedelta(days=1)
    thread_status_set(role=role, thread=thread, status=status, snoozed_until=until)
    receive("Encore une question")
    thread.refresh_from_db()
    assert (thread.status, thread.snoozed_until) == ("open", None)


def test_a_member_message_leaves_waiting_for_the_member_as_it_is(role, service):
    thread = _thread(service)
    thread_status_set(role=role, thread=thread, status="waiting")
    from passerelle.conversations.services.threads import thread_touch

    thread_touch(thread.pk, at=timezone.now(), unread="add")
    assert Thread.objects.get(pk=thread.pk).status == "waiting"


def test_views_mine_unassigned_and_waiting_for_us(moderator_client, role, service):
    mine, theirs, answered, resolved = (
        _thread(service, name) for name in ("Amal", "Bilal", "Chadi", "Dana")
    )
    colleague, _r = make_staff(service, Role.MODERATOR)
    thread_assign(role=role, thread=mine, assignee_id=role.user_id)
    thread_assign(role=role, thread=theirs, assignee_id=colleague.pk)
    thread_status_set(role=role, thread=resolved, status="resolved")
    # A staff message last: not waiting for us any more.
    answered_msg = inbound(service, member=answered.member, private=True, text="x")
    answered_msg.direction, answered_msg.author = "out", role.user
    answered_msg.created_at = timezone.now()
    answered_msg.save()

    assert _listed(moderator_client, service, "mine") == [mine.pk]
    assert set(_listed(moderator_client, service, "unassigned")) == {answered.pk}
    assert set(_listed(moderator_client, service, "waiting")) == {mine.pk, theirs.pk}
    group = service.threads.get(kind="group")
    every = _listed(moderator_client, service, "")
    assert group.pk in every and resolved.pk in every
    # A snooze over: the conversation is back in the views.
    thread_status_set(
        role=role,
        thread=resolved,
        status="snoozed",
        snoozed_until=timezone.now() + timedelta(hours=1),
    )
    assert resolved.pk not in _listed(moderator_client, service, "waiting")
    Thread.objects.filter(pk=resolved.pk).update(snoozed_until=timezone.now())
    assert resolved.pk in _listed(moderator_client, service, "waiting")


def test_the_header_forms_change_status_and_assignee(moderator_client, role, service):
    thread = _thread(service)
    url = f"/s/{service.slug}/threads/{thread.pk}/status/"
    page = moderator_client.get(f"/s/{service.slug}/inbox/", {"thread": thread.pk}).content
    assert b'name="status"' in page and b'name="assignee"' in page
    response = moderator_client.post(url, {"status": "snoozed", "until": "2099-01-02T09:30"})
    assert response.status_code == 302
    thread.refresh_from_db()
    local = timezone.localtime(thread.snoozed_until, service.tz)
    assert (thread.status, local.hour, local.minute) == ("snoozed", 9, 30)
    moderator_client.post(url, {"assignee": str(role.user_id), "view": "mine"})
    assert Thread.objects.get(pk=thread.pk).assignee == role.user
    # A refused change says why on the page it goes back to.
    response = moderator_client.post(url, {"status": "snoozed", "until": ""}, follow=True)
    assert "Choose a time in the future" in response.content.decode()


@pytest.mark.parametrize(
    "lang, words",
    [
        ("fr", ["Mes conversations", "En attente de notre réponse", "Changer le statut"]),
        ("ar", ["محادثاتي", "بانتظار ردّنا", "تغيير الحالة"]),
    ],
)
def test_the_header_and_views_read_in_french_and_arabic(moderator_client, service, lang, words):
    thread = _thread(service)
    moderator_client.cookies["django_language"] = lang
    html = moderator_client.get(f"/s/{service.slug}/inbox/", {"thread": thread.pk}).content
    for word in words:
        assert word in html.decode(), word

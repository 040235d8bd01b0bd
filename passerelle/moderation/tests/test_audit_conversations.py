"""The audit log lists conversation events (status changes, assignments) with the
membership events: who, when and what, translated, filtered, searched and paginated."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from passerelle.communities.models import MembershipEvent
from passerelle.communities.services import membership_ensure, membership_event_add
from passerelle.conversations.models import ThreadEvent
from passerelle.conversations.services import thread_assign, thread_status_set
from passerelle.moderation import views
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import inbound, make_member
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(client):
    service = make_service()
    user, role = make_staff(service, Role.MODERATOR)
    helper, _helper_role = make_staff(service, Role.MODERATOR)
    for staff, first, last in ((user, "Lina", "Haddad"), (helper, "Omar", "Ali")):
        staff.first_name, staff.last_name = first, last
        staff.save(update_fields=["first_name", "last_name"])
    client.force_login(user)
    member = make_member(service, name="Samira")
    membership = membership_ensure(service=service, member=member, via="simulator")
    membership_event_add(
        membership=membership, kind=MembershipEvent.Kind.WARNED, actor=user, reason="insults"
    )
    thread = inbound(service, member=member, private=True, text="Bonjour").thread
    thread_assign(role=role, thread=thread, assignee_id=helper.pk)
    thread_status_set(role=role, thread=thread, status="resolved")
    return service, thread


def test_conversation_events_show_who_when_and_what(client, log):
    service, thread = log
    page = client.get(f"/s/{service.slug}/moderation/audit/").content.decode()
    assert page.count("data-conversation-event") == 2
    assert "Conversation assigned: <bdi>Nobody → Omar Ali</bdi>" in page
    assert "Conversation status changed: <bdi>Open → Resolved</bdi>" in page
    assert f"?thread={thread.pk}" in page and "Lina Haddad" in page
    # Newest first, with the membership events.
    assert page.index("status changed") < page.index("assigned:") < page.index("event-warned")


def test_conversation_events_are_filtered_and_searched(client, log):
    service, _thread = log
    url = f"/s/{service.slug}/moderation/audit/"
    only = client.get(url + "?kind=thread_assigned").content.decode()
    assert only.count("data-conversation-event") == 1 and "event-warned" not in only
    warned = client.get(url + "?kind=warned").content.decode()
    assert "data-conversation-event" not in warned and "event-warned" in warned
    named = client.get(url + "?q=Samira").content.decode()
    assert named.count("data-conversation-event") == 2
    assert "data-conversation-event" not in client.get(url + "?q=Nadia").content.decode()


def test_conversation_events_are_paginated_with_the_others(client, log, monkeypatch):
    service, thread = log
    monkeypatch.setattr(views, "AUDIT_PAGE", 2)
    url = f"/s/{service.slug}/moderation/audit/"
    first = client.get(url).content.decode()
    assert first.count("data-conversation-event") == 2 and "event-warned" not in first
    last = client.get(url + "?page=2").content.decode()
    # The membership events (joined, warned) follow on the next page.
    assert "data-conversation-event" not in last and "event-warned" in last
    # A snooze says until when, in the service's time zone.
    until = timezone.now() + timedelta(days=2)
    thread_status_set(
        role=make_staff(service, Role.MODERATOR)[1],
        thread=thread,
        status="snoozed",
        snoozed_until=until,
    )
    page = client.get(url).content.decode()
    shown = timezone.localtime(until, service.tz).strftime("%Y-%m-%d %H:%M")
    assert f"Resolved → Snoozed until {shown}" in page
    assert ThreadEvent.objects.count() == 3


def test_conversation_events_are_translated(client, log):
    service, _thread = log
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(f"/s/{service.slug}/moderation/audit/").content.decode()
    assert "Conversation attribuée" in page and "Statut de la conversation modifié" in page
    assert "Conversation assigned" not in page

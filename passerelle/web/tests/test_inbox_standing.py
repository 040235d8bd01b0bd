"""The inbox says when the person behind a private conversation left, was removed or is
banned (list badge, header line, composer warning), and a reply to them is sent only once
the moderator confirmed (a dialog with JavaScript, a 409 step without, a 422 from htmx)."""

from datetime import UTC, datetime

import pytest
from django.conf import settings

from passerelle.communities.models import Membership
from passerelle.communities.services import membership_ensure, membership_leave
from passerelle.conversations.models import Message
from passerelle.moderation.bans import member_ban
from passerelle.moderation.services import member_remove
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import inbound, make_member
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = pytest.mark.django_db

LEFT_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 10:00 in Toronto, the same day


@pytest.fixture
def setup(client):
    service = make_service()
    make_channel(service, "simulator")
    user, role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    member = make_member(service, name="Samira Haddad", language="fr")
    membership = membership_ensure(service=service, member=member, via="simulator")
    thread = inbound(service, member=member, private=True, text="Bonjour").thread
    return service, role, membership, thread


def _reply(client, service, thread, headers=None, **fields):
    return client.post(
        f"/s/{service.slug}/threads/{thread.pk}/reply/",
        {"text": "Bonne journée", **fields},
        headers=headers or {},
    )


def test_an_active_member_shows_nothing_and_is_answered_at_once(client, setup):
    service, _role, _membership, thread = setup
    page = client.get(f"/s/{service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert "data-standing" not in page and 'id="thread-standing"' not in page
    assert "hx-confirm" not in page.split('id="reply-form"')[1].split(">")[0]
    assert _reply(client, service, thread).status_code == 200
    assert Message.objects.filter(direction="out").count() == 1


def test_a_member_who_left_is_shown_in_the_list_header_and_composer(client, setup):
    service, _role, membership, thread = setup
    membership_leave(membership=membership, via="simulator", at=LEFT_AT)
    page = client.get(f"/s/{service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert 'data-standing="left"' in page
    assert "Left the service on 2026-11-20" in page
    form = page.split('id="reply-form"')[1].split(">")[0]
    assert "hx-confirm=" in form and "This person left the service" in form
    assert 'id="reply-standing"' in page
    # The polled list says it too.
    threads = client.get(f"/s/{service.slug}/inbox/threads/").content.decode()
    assert 'data-standing="left"' in threads and ">Left<" in threads


def test_removed_and_banned_people_are_told_apart(client, setup):
    service, role, membership, thread = setup
    member_remove(role=role, membership=membership, reason="insults", at=LEFT_AT, send=False)
    page = client.get(f"/s/{service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert 'data-standing="removed"' in page and "Removed on 2026-11-20" in page
    membership.refresh_from_db()
    member_ban(role=role, membership=membership, reason="insults again", days=0)
    page = client.get(f"/s/{service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert 'data-standing="banned"' in page
    assert "banned until a moderator lifts the ban" in page


def test_a_reply_to_someone_who_left_waits_for_confirmation(client, setup):
    service, _role, membership, thread = setup
    membership_leave(membership=membership, via="simulator", at=LEFT_AT)
    # Without JavaScript: a confirmation page that sends the same fields again.
    response = _reply(client, service, thread, from_page="inbox")
    assert response.status_code == 409
    body = response.content.decode()
    assert "This person left the service" in body and "Send anyway" in body
    assert 'name="confirmed" value="1"' in body and 'value="Bonne journée"' in body
    # From htmx (a page opened before they left): the step in the composer, 422.
    response = _reply(client, service, thread, headers={"HX-Request": "true"})
    assert response.status_code == 422 and "Send anyway" in response.content.decode()
    assert not Message.objects.filter(direction="out").exists()
    # Confirmed: sent, and the plain form comes back to the conversation.
    response = _reply(client, service, thread, from_page="inbox", confirmed="1")
    assert response.status_code == 302 and response.url.endswith(f"?thread={thread.pk}")
    assert Message.objects.get(direction="out").text == "Bonne journée"


def test_a_member_who_came_back_is_answered_without_a_question(client, setup):
    service, role, membership, thread = setup
    membership_leave(membership=membership, via="simulator", at=LEFT_AT)
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.ACTIVE)
    assert _reply(client, service, thread).status_code == 200


@pytest.mark.parametrize(
    ("language", "line", "badge"),
    [("fr", "A quitté le service le 2026-11-20", "A quitté"), ("ar", "2026-11-20", "غادر")],
)
def test_the_standing_is_translated(client, setup, language, line, badge):
    service, _role, membership, thread = setup
    membership_leave(membership=membership, via="simulator", at=LEFT_AT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/s/{service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert line in page and badge in page
    assert "Left the service" not in page

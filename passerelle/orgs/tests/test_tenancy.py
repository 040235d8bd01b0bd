"""A moderator of one service cannot see another service's data, by URL or API."""

import pytest

from passerelle.conversations.models import Message
from passerelle.conversations.services import group_thread_for
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_service, make_staff


@pytest.fixture
def two_services(db):
    a, b = make_service("service-a"), make_service("service-b")
    thread_b = group_thread_for(b)
    secret = Message.objects.create(
        org=b.org,
        service=b,
        thread=thread_b,
        direction="in",
        text="secret of B",
        created_at=thread_b.service.created_at,
    )
    user_a, _ = make_staff(a, Role.MODERATOR)
    return a, b, user_a, thread_b, secret


def test_other_service_pages_are_404(client, two_services):
    a, b, user_a, thread_b, secret = two_services
    client.force_login(user_a)
    assert client.get("/s/service-a/inbox/").status_code == 200
    for url in [
        "/s/service-b/inbox/",
        "/s/service-b/members/",
        f"/s/service-b/threads/{thread_b.pk}/new/?after=0",
        "/s/service-b/inbox/threads/",
    ]:
        assert client.get(url).status_code == 404, url


def test_other_service_ids_under_own_slug_are_404(client, two_services):
    a, b, user_a, thread_b, secret = two_services
    client.force_login(user_a)
    assert client.get(f"/s/service-a/inbox/?thread={thread_b.pk}").status_code == 404
    assert client.get(f"/s/service-a/threads/{thread_b.pk}/new/?after=0").status_code == 404
    assert client.get(f"/s/service-a/threads/{thread_b.pk}/older/").status_code == 404
    response = client.post(f"/s/service-a/messages/{secret.pk}/label/", {"label": "request"})
    assert response.status_code == 404
    response = client.post(f"/s/service-a/threads/{thread_b.pk}/reply/", {"text": "hi"})
    assert response.status_code == 404
    secret.refresh_from_db()
    assert secret.label == "" and Message.objects.filter(service=b).count() == 1


def test_api_is_scoped_the_same_way(client, two_services):
    a, b, user_a, thread_b, secret = two_services
    client.force_login(user_a)
    services = client.get("/api/services").json()
    assert [s["slug"] for s in services] == ["service-a"]
    assert client.get("/api/services/service-b/threads").status_code == 404
    url = f"/api/services/service-b/threads/{thread_b.pk}/messages"
    assert client.get(url).status_code == 404
    url = f"/api/services/service-a/threads/{thread_b.pk}/messages"
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login_and_api_refuses(client, two_services):
    response = client.get("/s/service-a/inbox/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/api/services").status_code == 401


def test_viewer_cannot_reply_or_label(client, two_services):
    a, b, user_a, thread_b, secret = two_services
    viewer, _ = make_staff(b, Role.VIEWER)
    client.force_login(viewer)
    # A viewer reads reports, not conversations.
    assert client.get("/s/service-b/inbox/").status_code == 404
    response = client.post(f"/s/service-b/threads/{thread_b.pk}/reply/", {"text": "hi"})
    assert response.status_code == 404


def test_partner_specialist_sees_assigned_questions_not_the_inbox(client, two_services):
    a, b, user_a, thread_b, secret = two_services
    partner, _ = make_staff(b, Role.PARTNER)
    client.force_login(partner)
    assert client.get("/").url == "/s/service-b/questions/"
    assert client.get("/s/service-b/questions/").status_code == 200
    for url in [
        "/s/service-b/inbox/",
        "/s/service-b/members/",
        f"/s/service-b/threads/{thread_b.pk}/new/?after=0",
        "/api/services/service-b/threads",
    ]:
        assert client.get(url).status_code == 404, url
    page = client.get("/s/service-b/questions/").content.decode()
    assert "/s/service-b/inbox/" not in page

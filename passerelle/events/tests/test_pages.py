"""The event page: staff give a post its event, see who registered, add a member by hand,
cancel with a confirmation, download the list; other services' staff see nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.events.models import Event, Registration
from passerelle.orgs.models import Role
from passerelle.posts.services import post_create
from passerelle.posts.tests.conftest import join
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(admin_role, workshop):
    return post_create(
        role=admin_role,
        post_type=workshop,
        texts={"fr": "Séance d'information logement"},
        audience="members",
        scheduled_at=timezone.now() + timedelta(days=1),
    )


def test_staff_give_a_post_its_event_and_manage_the_list(client, service, admin_role, post):
    login_verified(client, admin_role.user)
    url = f"/s/{service.slug}/posts/{post.pk}/event/"
    detail = client.get(f"/s/{service.slug}/posts/{post.pk}/").content.decode()
    assert f'href="{url}"' in detail  # the post's page leads to its event
    local = timezone.localtime(timezone.now() + timedelta(days=3), service.tz)
    response = client.post(
        url,
        {
            "action": "save",
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "place": "Bibliothèque centrale",
            "capacity": "2",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(post=post)
    assert event.capacity == 2 and event.place == "Bibliothèque centrale"
    assert abs(event.starts_at - local) < timedelta(minutes=1)  # read in the service's zone

    rana = join(service, "webchat", "visitor-rana", "ar", name="Rana Haddad")
    page = client.get(url, {"q": "Rana"}).content.decode()
    assert "Rana Haddad" in page and 'name="member"' in page
    assert client.post(url, {"action": "add", "member": rana.pk}).status_code == 302
    registration = Registration.objects.get()
    assert (registration.state, registration.via) == ("registered", "staff")

    # Cancelling asks first, then cancels.
    asked = client.post(url, {"action": "cancel", "id": registration.pk})
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    assert Registration.objects.get().state == "registered"
    client.post(url, {"action": "cancel", "id": registration.pk, "confirmed": "1"})
    assert Registration.objects.get().state == "cancelled"

    csv = client.get(f"{url}registrations.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("Rana Haddad,")


def test_a_past_or_impossible_event_is_refused_with_a_message(client, service, admin_role, post):
    login_verified(client, admin_role.user)
    url = f"/s/{service.slug}/posts/{post.pk}/event/"
    past = timezone.localtime(timezone.now() - timedelta(days=1), service.tz)
    page = client.post(
        url, {"action": "save", "starts_at": past.strftime("%Y-%m-%dT%H:%M")}, follow=True
    ).content.decode()
    assert not Event.objects.exists()
    assert "future" in page


def test_another_services_staff_cannot_open_the_event(client, service, post):
    other = make_service(org=service.org)
    user, _role = make_staff(other, Role.ADMIN)
    login_verified(client, user)
    assert client.get(f"/s/{other.slug}/posts/{post.pk}/event/").status_code == 404
    assert client.get(f"/s/{service.slug}/posts/{post.pk}/event/").status_code in (403, 404)

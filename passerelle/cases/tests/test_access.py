"""Client files and case notes are for staff with "cases" (administrators, moderators):
a partner, a volunteer (even where volunteers see private files) or a viewer gets a 404 on
every cases address, and never reads a case note in the conversation."""

import pytest
from django.urls import reverse

from passerelle.cases.services import case_note_add
from passerelle.conversations.models import Thread
from passerelle.members.services import consent_record
from passerelle.orgs.models import Role, Service
from passerelle.questions.tests.helpers import inbound
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db

NOTE = "Worried about the landlord: private"


def _urls(service, file, message, consent):
    slug, pk = service.slug, file.pk
    return [
        ("get", reverse("cases:caseload", args=[slug])),
        ("get", reverse("cases:enrol", args=[slug])),
        ("get", reverse("cases:settings", args=[slug])),
        ("post", reverse("cases:settings", args=[slug])),
        ("post", reverse("cases:enrol", args=[slug])),
        ("get", reverse("cases:file", args=[slug, pk])),
        ("get", reverse("cases:edit", args=[slug, pk])),
        ("post", reverse("cases:edit", args=[slug, pk])),
        ("get", reverse("cases:status", args=[slug, pk])),
        ("post", reverse("cases:status", args=[slug, pk])),
        ("post", reverse("cases:note_add", args=[slug, pk])),
        ("post", reverse("cases:call_add", args=[slug, pk])),
        ("post", reverse("cases:consent_add", args=[slug, pk])),
        ("post", reverse("cases:consent_request", args=[slug, pk])),
        ("get", reverse("cases:consent_document", args=[slug, pk, consent.pk])),
        ("get", reverse("cases:message_note", args=[slug, message.pk])),
        ("post", reverse("cases:message_note", args=[slug, message.pk])),
    ]


@pytest.fixture
def noted(calgary, worker, amira_file):
    message = inbound(calgary, member=amira_file.member, private=True, text="مشكلة مع المالك")
    case_note_add(role=worker, file=amira_file, text=NOTE, message=message)
    consent = consent_record(
        service=calgary, member=amira_file.member, purpose="service", action="given"
    )
    return message, consent


@pytest.mark.parametrize("role_name", [Role.PARTNER, Role.VOLUNTEER, Role.VIEWER])
def test_no_cases_address_opens_for_a_role_without_cases(
    client, calgary, amira_file, noted, role_name
):
    Service.objects.filter(pk=calgary.pk).update(volunteers_see_private=True)
    user, _role = make_staff(calgary, role_name)
    client.force_login(user)
    message, consent = noted
    for method, url in _urls(calgary, amira_file, message, consent):
        response = getattr(client, method)(url)
        assert response.status_code in (403, 404), (role_name, method, url)
        assert NOTE not in response.content.decode()
    home = client.get(f"/s/{calgary.slug}/inbox/")
    assert reverse("cases:caseload", args=[calgary.slug]) not in home.content.decode()


def test_a_volunteer_reads_the_thread_without_the_notes_a_moderator_sees(
    client, calgary, worker, amira_file, noted
):
    thread = Thread.objects.get(member=amira_file.member, kind="private")
    inbox = f"/s/{calgary.slug}/inbox/?thread={thread.pk}"
    client.force_login(worker.user)
    page = client.get(inbox).content.decode()
    assert NOTE in page and reverse("cases:caseload", args=[calgary.slug]) in page
    volunteer, _role = make_staff(calgary, Role.VOLUNTEER)
    client.force_login(volunteer)
    response = client.get(inbox)
    assert response.status_code == 200 and "مشكلة مع المالك" in response.content.decode()
    assert NOTE not in response.content.decode()


def test_a_moderator_opens_every_page(client, calgary, worker, amira_file, noted):
    client.force_login(worker.user)
    message, consent = noted
    for method, url in _urls(calgary, amira_file, message, consent):
        if method == "get" and "document" not in url:
            assert client.get(url).status_code == 200, url


def test_a_group_service_has_no_client_files(client, calgary):
    group = make_service(org=calgary.org)
    user, _role = make_staff(group, Role.MODERATOR)
    client.force_login(user)
    assert client.get(reverse("cases:caseload", args=[group.slug])).status_code == 404
    assert (
        reverse("cases:caseload", args=[group.slug])
        not in client.get(f"/s/{group.slug}/inbox/").content.decode()
    )

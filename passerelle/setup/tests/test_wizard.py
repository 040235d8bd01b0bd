"""An organisation administrator sets a service up in six steps; nothing exists before
the last one, and what it creates is what `service create` would (communities' service
creation), with the standard, the toolkit's answers and the guidelines."""

import pytest
from django.core.management import call_command

from passerelle.communities.models import Guidelines
from passerelle.conversations.models import Thread
from passerelle.orgs.models import Role, Service, StaffEvent, StaffRole
from passerelle.questions.models import ServiceStandard
from passerelle.setup.tests.helpers import STEPS
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    home = make_service("home-service", languages=("en",))
    user, _role = make_staff(home, Role.ADMIN, email="admin@agency.org")
    login_verified(client, user)
    client.home = home
    return client


def _walk(client, steps):
    for number, data in enumerate(steps, start=1):
        if number == 1:
            data = {**data, "org": str(client.home.org_id)}
        response = client.post(f"/services/new/{number}/", data)
        assert response.status_code == 302, (number, response.content.decode()[-2000:])
    return response


def test_the_wizard_creates_the_service_only_at_its_last_step(admin_client):
    page = admin_client.get("/services/new/")
    assert "Step 1 of 6" in page.content.decode()
    _walk(admin_client, STEPS[:5])
    assert not Service.objects.filter(slug="accueil-ottawa").exists()
    review = admin_client.get("/services/new/6/").content.decode()
    assert "Step 6 of 6" in review and "Accueil Ottawa" in review and "Ontario" in review

    response = _walk_last(admin_client)
    assert response["Location"] == "/s/accueil-ottawa/channels/"
    service = Service.objects.get(slug="accueil-ottawa")
    assert service.languages == ["ar", "fr"] and service.org_id == admin_client.home.org_id
    assert service.purpose == {
        "ar": "مجموعة للأسئلة عن الخدمات",
        "fr": "Un groupe pour les questions sur les services",
    }
    assert service.planning_answers["gap"] == "No answers in Arabic after hours"
    assert Thread.objects.filter(service=service, kind=Thread.Kind.GROUP).exists()
    standard = ServiceStandard.objects.get(service=service)
    assert (standard.target_hours, standard.counting, standard.subdivision) == (
        24,
        "business_hours",
        "ON",
    )
    assert standard.opening_hours["0"] == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert standard.closure_days == ["2026-12-24"] and "5" not in standard.opening_hours
    guidelines = Guidelines.objects.get(service=service)
    assert set(guidelines.texts) == {"ar", "fr"}
    assert set(guidelines.clauses[0]["title"]) == {"ar", "fr"}
    creator = StaffRole.objects.get(service=service)
    assert creator.role == Role.ADMIN and creator.user.email == "admin@agency.org"
    assert StaffEvent.objects.filter(service=service, kind="service_created").exists()
    # The draft is gone: a new wizard starts empty.
    assert admin_client.get("/services/new/2/")["Location"] == "/services/new/1/"


def _walk_last(client):
    return client.post("/services/new/6/", {})


def test_a_step_with_bad_input_says_why_and_keeps_the_draft(admin_client):
    _walk(admin_client, STEPS[:3])
    bad = {**STEPS[3], "day_0": "9h to 5h"}
    response = admin_client.post("/services/new/4/", bad)
    assert response.status_code == 422
    assert "Write periods like 09:00-12:00" in response.content.decode()
    # Back goes to the previous step, which shows what was typed.
    back = admin_client.post("/services/new/4/", {"back": "1"})
    assert back["Location"] == "/services/new/3/"
    assert 'value="ON" selected' in admin_client.get("/services/new/3/").content.decode()


def test_the_purpose_is_required_in_the_default_language(admin_client):
    _walk(admin_client, STEPS[:1])
    response = admin_client.post("/services/new/2/", {**STEPS[1], "purpose_ar": ""})
    assert response.status_code == 422
    assert "the service&#x27;s default language" in response.content.decode()


def test_a_taken_address_is_refused(admin_client):
    data = {**STEPS[0], "org": str(admin_client.home.org_id), "slug": "home-service"}
    response = admin_client.post("/services/new/1/", data)
    assert response.status_code == 422
    assert "Another service already uses this address." in response.content.decode()


def test_the_command_line_makes_the_same_kind_of_service(admin_client):
    call_command(
        "service",
        "create",
        "--slug",
        "cli-one",
        "--name",
        "CLI",
        "--language",
        "ar",
        "--language",
        "fr",
        "--mode",
        "one_way",
    )
    service = Service.objects.get(slug="cli-one")
    assert (service.languages, service.mode) == (["ar", "fr"], "one_way")
    assert Thread.objects.filter(service=service, kind=Thread.Kind.GROUP).exists()

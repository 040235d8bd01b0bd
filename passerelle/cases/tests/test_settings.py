"""The case settings page: texts per language, on-call staff, goals, the consent version."""

import pytest
from django.urls import reverse

from passerelle.cases.models import CaseSettings
from passerelle.orgs.models import Role, StaffEvent
from passerelle.testing.factories import login_verified, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(calgary):
    _user, role = make_staff(calgary, Role.ADMIN, email="admin@example.org")
    return role


def _post(client, calgary, **extra):
    data = {
        "consent_version": "2026-12",
        "emergency_resources_ar": "اتصل بالرقم 911",
        "emergency_resources_en": "Call 911; distress line 403-266-4357",
        "in_person_invitation_ar": "تعال إلى الشارع الرابع، من الاثنين إلى الجمعة",
        "in_person_invitation_en": "Come to 4th Avenue, Monday to Friday 9–5; book at 403-…",
        "urgent_keywords_en": "suicide, hurt me ,  danger",
        "urgent_keywords_ar": "خطر",
        "goals": "Find a job\nEnglish classes\n\n",
        **extra,
    }
    return client.post(reverse("cases:settings", args=[calgary.slug]), data)


def test_an_administrator_saves_the_settings_and_the_change_is_recorded(
    client, calgary, admin, worker
):
    login_verified(client, admin.user)
    response = _post(client, calgary, on_call=[str(worker.user_id)])
    assert response.status_code == 302, response.context["form"].errors
    settings = CaseSettings.objects.get(service=calgary)
    assert settings.consent_version == "2026-12"
    assert settings.emergency_resources["ar"] == "اتصل بالرقم 911"
    assert settings.urgent_keywords == {"en": ["suicide", "hurt me", "danger"], "ar": ["خطر"]}
    assert [g["key"] for g in settings.goals] == ["find-a-job", "english-classes"]
    assert list(settings.on_call.all()) == [worker.user]
    event = StaffEvent.objects.get(service=calgary, kind=StaffEvent.Kind.SETTINGS_CHANGED)
    assert "on_call" in event.data["case_settings"] and "goals" in event.data["case_settings"]
    # Shown again as typed; a goal renamed gets a new key, one kept keeps its own.
    page = client.get(reverse("cases:settings", args=[calgary.slug])).content.decode()
    assert "suicide, hurt me, danger" in page and "Find a job" in page
    _post(client, calgary, goals="English classes\nHousing")
    settings.refresh_from_db()
    assert [g["key"] for g in settings.goals] == ["english-classes", "housing"]


def test_a_goal_twice_and_a_text_missing_in_the_default_language_are_refused(
    client, calgary, admin
):
    login_verified(client, admin.user)
    response = _post(client, calgary, goals="Housing\nHousing")
    assert response.status_code == 200 and "listed twice" in response.content.decode()
    response = _post(client, calgary, goals="", emergency_resources_ar="")
    assert response.status_code == 200
    assert "default language" in response.content.decode()
    assert not CaseSettings.objects.filter(service=calgary).exists()


def test_a_moderator_reads_them_and_cannot_change_them(client, calgary, worker):
    client.force_login(worker.user)
    page = client.get(reverse("cases:settings", args=[calgary.slug]))
    assert page.status_code == 200
    assert "Only an administrator" in page.content.decode()
    _post(client, calgary)
    assert not CaseSettings.objects.filter(service=calgary).exists()

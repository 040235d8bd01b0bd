"""The partner directory: one per organization, searchable, edited with clear errors."""

import pytest

from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import ask, make_member
from passerelle.referrals.models import Partner, PartnerService, Referral
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "name": "Legal clinic",
        "description_ar": "استشارات قانونية مجانية",
        "description_en": "Free legal advice",
        "languages": "ar, fr",
        "area_served": "Ottawa",
        "address": "1 Rideau St",
        "phone": "613-555-0100",
        "email": "",
        "website": "example.org/clinic",
        "hours_ar": "الثلاثاء والخميس 9-12",
        "hours_fr": "Mar, jeu 9 h-12 h",
        "intake_notes_ar": "اتصلوا أولاً",
        "is_active": "on",
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "1000",
        "services-0-category": "legal",
        "services-0-name": "Tenant rights",
        "services-0-languages": "ar",
        "services-0-is_active": "on",
    }
    return {**data, **extra}


def test_create_partner_with_a_service_then_edit(moderator_client, service):
    url = f"/s/{service.slug}/partners/"
    assert moderator_client.post(url + "new/", _form()).status_code == 302
    partner = Partner.objects.get()
    assert partner.org == service.org and partner.languages == ["ar", "fr"]
    assert partner.website == "https://example.org/clinic"
    assert partner.services.get().name == "Tenant rights"
    data = _form(
        name="Community legal clinic",
        **{
            "services-INITIAL_FORMS": "1",
            "services-TOTAL_FORMS": "2",
            "services-0-id": partner.services.get().pk,
            "services-0-partner": partner.pk,
            "services-1-category": "immigration",
            "services-1-name": "Refugee claims",
            "services-1-is_active": "on",
        },
    )
    assert moderator_client.post(f"{url}{partner.pk}/", data).status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Community legal clinic" and partner.services.count() == 2


def test_partner_form_errors_are_clear(moderator_client, service):
    response = moderator_client.post(
        f"/s/{service.slug}/partners/new/",
        _form(name="", languages="arabic!", website="not a site", **{"services-0-category": "x"}),
    )
    html = response.content.decode()
    assert response.status_code == 422
    for text in [
        "This field is required",
        "is not a language code",
        "Enter a valid URL",
        "Select a valid choice",
    ]:
        assert text in html, text
    assert not Partner.objects.exists() and not PartnerService.objects.exists()


def test_search_category_and_pages(moderator_client, service):
    for i in range(25):
        partner = Partner.objects.create(org=service.org, name=f"Partner {i:02d}")
        PartnerService.objects.create(
            org=service.org,
            partner=partner,
            name="Help",
            category="housing" if i == 7 else "health",
        )
    url = f"/s/{service.slug}/partners/"
    assert "Page 1 of 2" in moderator_client.get(url).content.decode()
    housing = moderator_client.get(url + "?category=housing").content.decode()
    assert "Partner 07" in housing and "Partner 08" not in housing
    found = moderator_client.get(url + "?q=Partner 1").content.decode()
    assert "Partner 12" in found and "Partner 07" not in found


def test_directory_is_shared_by_the_organizations_services_only(client, service):
    partner = Partner.objects.create(org=service.org, name="YMCA")
    sibling = make_service(org=service.org)
    sibling_mod, _ = make_staff(sibling, Role.MODERATOR)
    client.force_login(sibling_mod)
    assert "YMCA" in client.get(f"/s/{sibling.slug}/partners/").content.decode()

    other = make_service()
    outsider, outsider_role = make_staff(other, Role.MODERATOR)
    client.force_login(outsider)
    assert "YMCA" not in client.get(f"/s/{other.slug}/partners/").content.decode()
    assert client.get(f"/s/{other.slug}/partners/{partner.pk}/").status_code == 404
    assert client.post(f"/s/{other.slug}/partners/{partner.pk}/", _form()).status_code == 404
    # Referring one's own question to another organization's partner is refused too.
    question = ask(outsider_role, member=make_member(other))
    response = client.post(
        f"/s/{other.slug}/questions/{question.pk}/refer/",
        {"target": f"p{partner.pk}", "text": "go", "followup_days": "7"},
    )
    # Not even offered as a choice.
    assert response.status_code == 422 and "Select a valid choice" in response.content.decode()
    assert not Referral.objects.exists()
    assert client.get(f"/s/{service.slug}/referrals/").status_code == 404


def test_partner_specialists_read_but_do_not_edit(client, service):
    partner_user, _ = make_staff(service, Role.PARTNER)
    client.force_login(partner_user)
    assert client.get(f"/s/{service.slug}/partners/").status_code == 200
    assert client.get(f"/s/{service.slug}/partners/new/").status_code == 404


def test_referral_form_never_drafts_from_another_organizations_partner(client, service):
    foreign = Partner.objects.create(org=make_service().org, name="Elsewhere")
    user, role = make_staff(service, Role.MODERATOR)
    question = ask(role, member=make_member(service))
    client.force_login(user)
    url = f"/s/{service.slug}/questions/{question.pk}/refer/"
    assert client.get(url + f"?target=p{foreign.pk}").status_code == 404
    assert "Elsewhere" not in client.get(url).content.decode()

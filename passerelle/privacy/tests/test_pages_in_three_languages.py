"""The privacy pages read in French and Arabic too (right to left)."""

import pytest

from passerelle.communities.services import membership_ensure
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, words",
    [
        ("fr", ["Effacer les données d’une personne", "Durée de conservation", "Consentements"]),
        ("ar", ["حذف بيانات شخص", "مدة الاحتفاظ بالبيانات", "الموافقات"]),
    ],
)
def test_erase_settings_and_member_pages_are_translated(client, language, words):
    service = make_service("i18n-privacy")
    member, _created = member_for_identity(
        org=service.org, platform="tel", address="+16135550142", name="Hana"
    )
    membership = membership_ensure(service=service, member=member)
    admin, _role = make_staff(service, Role.ADMIN)
    login_verified(client, admin)
    headers = {"Accept-Language": language}
    pages = [
        client.get(f"/s/{service.slug}/privacy/members/{member.pk}/erase/", headers=headers),
        client.get(f"/s/{service.slug}/privacy/", headers=headers),
        client.get(f"/s/{service.slug}/moderation/members/{membership.pk}/", headers=headers),
        client.get(f"/s/{service.slug}/privacy/access/", headers=headers),
    ]
    assert all(p.status_code == 200 for p in pages)
    html = "".join(p.content.decode() for p in pages)
    for word in words:
        assert word in html
    if language == "ar":
        assert 'dir="rtl"' in html

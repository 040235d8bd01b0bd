"""The audit log's search: a member's name or an event's reason, inside the service."""

import pytest

from passerelle.communities.models import MembershipEvent
from passerelle.communities.services import membership_ensure, membership_event_add
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import make_member
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


def _events(client, slug, query):
    html = client.get(f"/s/{slug}/moderation/audit/", {"q": query}).content.decode()
    return {name for name in ("Amal Haddad", "Bilal Rahimi", "Chadi Nasser") if name in html}


def test_audit_search_finds_names_and_reasons_once_and_stays_in_the_service(client):
    user, role = make_staff(make_service(), Role.MODERATOR)
    client.force_login(user)
    service = role.service
    for name in ("Amal Haddad", "Bilal Rahimi"):
        membership = membership_ensure(service=service, member=make_member(service, name=name))
        if name.startswith("Bilal"):
            for _ in range(2):
                membership_event_add(
                    membership=membership,
                    kind=MembershipEvent.Kind.WARNED,
                    actor=user,
                    reason="Insults in the group",
                )
    other = make_service()
    membership_ensure(service=other, member=make_member(other, name="Chadi Nasser"))
    slug = service.slug
    assert _events(client, slug, "haddad") == {"Amal Haddad"}
    assert _events(client, slug, "INSULTS") == {"Bilal Rahimi"}
    assert _events(client, slug, "Nasser") == set()
    html = client.get(f"/s/{slug}/moderation/audit/", {"q": "rahimi"}).content.decode()
    assert "(3)" in html  # joined and warned twice: each event once

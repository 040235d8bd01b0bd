"""A one-to-one service refers a client to a partner only with their recorded consent to
share with that very partner (docs/cases.md); a group service's referral is unchanged."""

import pytest
from django.core.exceptions import ValidationError

from passerelle.members.models import partner_scope
from passerelle.members.services import consent_record
from passerelle.orgs.models import Role, Service
from passerelle.questions.tests.helpers import ask, make_member
from passerelle.referrals.models import Partner, Referral
from passerelle.referrals.services import referral_create
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    service = make_service("calgary-referrals")
    Service.objects.filter(pk=service.pk).update(mode=Service.Mode.ONE_TO_ONE)
    service.refresh_from_db()
    make_channel(service, "simulator")
    _user, role = make_staff(service, Role.MODERATOR)
    member = make_member(service, name="Amal")
    partner = Partner.objects.create(org=service.org, name="Calgary Housing Help")
    return service, role, member, partner


def _share(service, member, partner, action):
    consent_record(
        service=service,
        member=member,
        purpose="data_sharing",
        action=action,
        via="staff:verbal",
        scope=partner_scope(partner.pk),
    )


def test_refused_without_the_partners_consent_then_allowed(setting):
    service, role, member, partner = setting
    question = ask(role, member=member, private=True)
    other = Partner.objects.create(org=service.org, name="Other agency")
    _share(service, member, other, "given")  # agreeing for another partner is not enough
    with pytest.raises(ValidationError, match="has not agreed to share"):
        referral_create(role=role, question=question, partner=partner, text="Call them")
    assert not Referral.objects.exists()
    _share(service, member, partner, "given")
    referral = referral_create(role=role, question=question, partner=partner, text="Call them")
    assert referral.partner == partner


def test_a_withdrawn_consent_refuses_again(setting):
    service, role, member, partner = setting
    _share(service, member, partner, "given")
    _share(service, member, partner, "withdrawn")
    question = ask(role, member=member, private=True)
    with pytest.raises(ValidationError, match="has not agreed to share"):
        referral_create(role=role, question=question, partner=partner, text="Call them")


def test_the_refer_form_says_why(setting, client):
    service, role, member, partner = setting
    question = ask(role, member=member, private=True)
    client.force_login(role.user)
    response = client.post(
        f"/s/{service.slug}/questions/{question.pk}/refer/",
        {"target": f"p{partner.pk}", "text": "Call them", "followup_days": 7},
    )
    assert response.status_code == 422
    assert "has not agreed to share their information with Calgary Housing Help" in (
        response.content.decode()
    )


def test_a_group_service_refers_without_asking(db):
    service = make_service()
    make_channel(service, "simulator")
    _user, role = make_staff(service, Role.MODERATOR)
    partner = Partner.objects.create(org=service.org, name="YMCA")
    question = ask(role, member=make_member(service), private=True)
    assert referral_create(role=role, question=question, partner=partner, text="Go").pk

"""The follow-up sweep costs what is due: a constant plus at most 3 statements per referral."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.questions.tests.helpers import make_member
from passerelle.referrals.models import Partner, Referral
from passerelle.referrals.sweep import referral_followups_sweep

pytestmark = pytest.mark.django_db


def _due_referrals(service, n, now):
    partner = Partner.objects.get_or_create(org=service.org, name="YMCA")[0]
    for i in range(n):
        member = make_member(service, language=("fr", "ar")[i % 2], address=f"sim-{n}-{i}")
        Referral.objects.create(
            org=service.org,
            service=service,
            member=member,
            partner=partner,
            language=member.language,
            created_at=now - timedelta(days=7),
            followup_due_at=now - timedelta(minutes=1),
        )


def _sweep_statements(service, n, now, capture):
    _due_referrals(service, n, now)
    left = Referral.objects.filter(followup_sent_at__isnull=True)
    with capture(execute=False), CaptureQueriesContext(connection) as queries:
        assert referral_followups_sweep(now=now) == n
    assert left.count() == 0
    return len(queries)


def test_ten_more_due_cost_at_most_thirty_more_statements(
    service, sim_channel, django_capture_on_commit_callbacks
):
    now = timezone.now()
    ten = _sweep_statements(service, 10, now, django_capture_on_commit_callbacks)
    twenty = _sweep_statements(
        service, 20, now + timedelta(seconds=1), django_capture_on_commit_callbacks
    )
    print("referral sweep statements: 10 due ->", ten, "; 20 due ->", twenty)
    assert OutboundMessage.objects.count() == 30
    # Before: 22 statements a referral (221 for 10). Now one claim each, the rest batched.
    assert twenty - ten <= 3 * 10
    assert twenty - ten == 10 and ten <= 30

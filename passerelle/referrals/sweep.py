"""Scheduler job for referrals: send the follow-ups whose stored due time has come."""

from itertools import groupby

from django.utils import timezone

from passerelle.referrals.models import Referral
from passerelle.referrals.services import referral_followups_send

BATCH = 500


def referral_followups_sweep(now=None) -> int:
    """Send every due follow-up once (claimed row by row); returns how many were sent.

    One read of what is due (the partial index referral_followup_due), then per service a
    batch of a constant number of statements plus its claims (services.referral_followups_send).
    """
    now = now or timezone.now()
    due = (
        Referral.objects.filter(followup_sent_at__isnull=True, followup_due_at__lte=now)
        .select_related("member", "partner", "service")
        .order_by("service_id", "followup_due_at")[:BATCH]
    )
    sent = 0
    for _service_id, referrals in groupby(due, key=lambda referral: referral.service_id):
        sent += referral_followups_send(list(referrals), now=now)
    return sent

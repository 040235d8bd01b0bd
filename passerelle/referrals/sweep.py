"""Scheduler job for referrals: send the follow-ups whose stored due time has come."""

from django.utils import timezone

from passerelle.referrals.models import Referral
from passerelle.referrals.services import referral_followup_send

BATCH = 500


def referral_followups_sweep(now=None) -> int:
    """Send every due follow-up once (claimed row by row); returns how many were sent."""
    now = now or timezone.now()
    due = Referral.objects.filter(followup_sent_at__isnull=True, followup_due_at__lte=now)
    sent = 0
    for pk in list(due.order_by("followup_due_at").values_list("pk", flat=True)[:BATCH]):
        if referral_followup_send(pk, now=now):
            sent += 1
    return sent

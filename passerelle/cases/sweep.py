"""Scheduler jobs for client files: urgent alerts, and the follow-up check-ins.

Both read only what is due through a partial index (case_urgent_alert_due,
case_followup_due) and claim with conditional updates, so two schedulers never alert or
check in twice (docs/operations.md, "What a scheduler tick costs").
"""

from itertools import groupby

from django.db import transaction
from django.utils import timezone

from passerelle.cases.followup import FOLLOWED, checkins_send
from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.services import case_events_many
from passerelle.cases.tasks import send_urgent_alerts

BATCH = 500


def urgent_alerts_sweep(now=None) -> int:
    """Alert the on-call staff of every client marked urgent since the last tick, once.

    Like questions.sweep's alerts: the due rows locked (SKIP LOCKED on PostgreSQL), claimed
    in one update, their events in one insert, one task for the batch's e-mails.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            ClientFile.objects.filter(urgent_at__isnull=False, urgent_alerted_at__isnull=True)
            .select_for_update(skip_locked=True)
            .order_by("urgent_at", "pk")
            .values_list("pk", "org_id", "urgent_at", "urgent_message_id")[:BATCH]
        )
        if not due:
            return 0
        pks = [pk for pk, _org, _at, _msg in due]
        ClientFile.objects.filter(pk__in=pks, urgent_alerted_at__isnull=True).update(
            urgent_alerted_at=now
        )
        case_events_many(
            [
                CaseEvent(
                    org_id=org_id,
                    file_id=pk,
                    kind=CaseEvent.Kind.URGENT_ALERTED,
                    message_id=message_id,
                    data={"marked_at": urgent_at.isoformat()},
                    created_at=now,
                )
                for pk, org_id, urgent_at, message_id in due
            ]
        )
        transaction.on_commit(lambda: send_urgent_alerts.enqueue(pks))
    return len(due)


def case_followups_sweep(now=None) -> int:
    """Send the check-in of every client whose follow-up date came; returns how many.

    One read of the due files (partial index case_followup_due) with member and service,
    then per service a constant number of statements plus one claim per file.
    """
    now = now or timezone.now()
    due = (
        ClientFile.objects.filter(next_followup_at__lte=now, status__in=FOLLOWED)
        .select_related("member", "service")
        .order_by("service_id", "next_followup_at", "pk")[:BATCH]
    )
    sent = 0
    for _service_id, files in groupby(due, key=lambda file: file.service_id):
        sent += checkins_send(list(files), now=now)
    return sent

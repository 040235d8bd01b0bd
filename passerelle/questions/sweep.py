"""Scheduler jobs for questions: alerts on stored due times, and the daily digest.

The due alerts are locked and claimed in one transaction with their event rows, so with two
schedulers running a question is alerted once: PostgreSQL's SKIP LOCKED gives the second
scheduler other rows (or none), and on SQLite the IMMEDIATE transaction makes it wait for
the first to commit, after which the claimed rows no longer match.
"""

import logging
from datetime import datetime, time

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from passerelle.questions.alerts import digest_email
from passerelle.questions.models import Question, QuestionEvent, ServiceStandard
from passerelle.questions.standards import next_opening
from passerelle.questions.tasks import send_question_alerts

log = logging.getLogger(__name__)

BATCH = 500


def _alert_batch(rows, kind: str, now) -> int:
    """Claim a batch of due alerts, record their events, email them after commit.

    A constant number of statements per batch, whatever its size: the rows are locked
    (PostgreSQL: SKIP LOCKED, so a second scheduler takes the others; SQLite's IMMEDIATE
    transaction serialises the two), claimed in one UPDATE, their events written in one
    INSERT, and one task carries the whole batch's emails.
    """
    with transaction.atomic():
        due = list(
            rows.select_for_update(skip_locked=True)
            .order_by("due_at", "pk")
            .values_list("pk", "org_id", "due_at")[:BATCH]
        )
        if not due:
            return 0
        pks = [pk for pk, _org, _due in due]
        claimed = Question.objects.filter(pk__in=pks)
        if kind == QuestionEvent.Kind.OVERDUE:
            # An overdue question needs no "due soon" alert any more.
            claimed.update(breached_at=now, warned_at=Coalesce(F("warned_at"), Value(now)))
        else:
            claimed.update(warned_at=now)
        QuestionEvent.objects.bulk_create(
            QuestionEvent(
                org_id=org_id,
                question_id=pk,
                kind=kind,
                created_at=now,
                data={"due_at": due_at.isoformat() if due_at else None},
            )
            for pk, org_id, due_at in due
        )
        transaction.on_commit(lambda: send_question_alerts.enqueue(pks, kind))
    return len(due)


def questions_alert_sweep(now=None) -> int:
    """Alert questions about to breach and questions that breached; returns alerts sent."""
    now = now or timezone.now()
    waiting = Question.objects.filter(status__in=Question.WAITING)
    overdue = waiting.filter(due_at__lte=now, breached_at__isnull=True)
    due_soon = waiting.filter(
        warn_at__lte=now, due_at__gt=now, warned_at__isnull=True, breached_at__isnull=True
    )
    return sum(
        _alert_batch(rows, kind, now)
        for kind, rows in (
            (QuestionEvent.Kind.OVERDUE, overdue),
            (QuestionEvent.Kind.DUE_SOON, due_soon),
        )
    )


def _business_day(standard: ServiceStandard, local_day) -> bool:
    spec = standard.as_spec()
    midnight = datetime.combine(local_day, time(), tzinfo=spec.tz)
    return next_opening(midnight, spec).date() == local_day


def questions_digest_sweep(now=None) -> int:
    """Email each service's moderators the overdue questions once a business day."""
    now = now or timezone.now()
    sent = 0
    for standard in ServiceStandard.objects.filter(email_alerts=True).select_related("service"):
        local = now.astimezone(standard.as_spec().tz)
        today = local.date()
        if local.hour < standard.digest_hour or standard.digest_sent_on == today:
            continue
        if not _business_day(standard, today):
            continue
        # The claim: only one scheduler moves the date to today.
        claimed = (
            ServiceStandard.objects.filter(pk=standard.pk)
            .exclude(digest_sent_on=today)
            .update(digest_sent_on=today)
        )
        if claimed != 1:
            continue
        overdue = list(
            Question.objects.filter(
                service_id=standard.service_id, status__in=Question.WAITING, due_at__lte=now
            )
            .select_related("assignee", "message", "service")
            .order_by("due_at")[:200]
        )
        try:
            sent += digest_email(standard, overdue)
        except Exception:
            log.exception("digest of service %s could not be sent", standard.service_id)
    return sent

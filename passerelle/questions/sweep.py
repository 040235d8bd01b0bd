"""Scheduler jobs for questions: alerts on stored due times, and the daily digest.

Each alert is claimed with a conditional UPDATE (`… WHERE breached_at IS NULL` == 1 row) in
the same transaction as its event row, so with two schedulers running a question is
alerted once: the second scheduler's UPDATE waits for the first to commit, then matches
nothing.
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
from passerelle.questions.tasks import send_question_alert

log = logging.getLogger(__name__)

BATCH = 500


def _alert(pk: int, kind: str, now) -> bool:
    """Claim and record one alert; the email leaves after commit, as a task."""
    waiting = Question.objects.filter(pk=pk, status__in=Question.WAITING)
    with transaction.atomic():
        if kind == QuestionEvent.Kind.OVERDUE:
            # An overdue question needs no "due soon" alert any more.
            claimed = waiting.filter(breached_at__isnull=True, due_at__lte=now).update(
                breached_at=now, warned_at=Coalesce(F("warned_at"), Value(now))
            )
        else:
            claimed = waiting.filter(
                warned_at__isnull=True, breached_at__isnull=True, warn_at__lte=now
            ).update(warned_at=now)
        if claimed != 1:
            return False
        question = Question.objects.get(pk=pk)
        QuestionEvent.objects.create(
            org_id=question.org_id,
            question=question,
            kind=kind,
            created_at=now,
            data={"due_at": question.due_at.isoformat() if question.due_at else None},
        )
        transaction.on_commit(lambda: send_question_alert.enqueue(pk, kind))
    return True


def questions_alert_sweep(now=None) -> int:
    """Alert questions about to breach and questions that breached; returns alerts sent."""
    now = now or timezone.now()
    waiting = Question.objects.filter(status__in=Question.WAITING)
    overdue = waiting.filter(due_at__lte=now, breached_at__isnull=True)
    due_soon = waiting.filter(
        warn_at__lte=now, due_at__gt=now, warned_at__isnull=True, breached_at__isnull=True
    )
    count = 0
    for kind, rows in (
        (QuestionEvent.Kind.OVERDUE, overdue),
        (QuestionEvent.Kind.DUE_SOON, due_soon),
    ):
        for pk in list(rows.order_by("due_at").values_list("pk", flat=True)[:BATCH]):
            if _alert(pk, kind, now):
                count += 1
    return count


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

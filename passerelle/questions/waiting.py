"""Nothing waits untracked: a private message from a member is timed from its arrival.

A member who writes privately is waiting for a staff reply whether or not a moderator
labels the message. The first member message after a reply opens one waiting item (a
Question with source "private") timed by the service standard; the messages that follow
it before a reply share its clock. Labelling one of them a request for information turns
the item into the toolkit's question (same row, same clock); the next staff reply in the
thread answers the items still private. Only labelled questions reach the toolkit's
statistics (reports/counts.py); the standard's report shows both kinds apart.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelle.common.compiled import Compiled
from passerelle.common.memo import once
from passerelle.conversations.models import Message, Thread
from passerelle.questions.models import Question, QuestionEvent, ServiceStandard
from passerelle.questions.standards import due_at

# Both read on every private message: built by the ORM once (common.compiled).
_STANDARD = Compiled(
    lambda *, service_id: ServiceStandard.objects.filter(service_id=service_id).order_by("pk")[:1],
    service_id=int,
)
_WAITING = Compiled(
    lambda *, thread_id: (
        Question.objects.filter(thread_id=thread_id, status__in=Question.WAITING)
        .order_by()
        .values_list("pk")[:1]
    ),
    thread_id=int,
)


def standard_configured(service_id: int) -> ServiceStandard | None:
    """The standard a service saved (None without one), read once per inbound event: the
    tracking and the after-hours reply both need it."""
    return once(
        ("questions.standard", service_id),
        lambda: next(iter(_STANDARD.instances(service_id=service_id)), None),
    )


def _standard_or_defaults(message: Message) -> ServiceStandard:
    # Tracking must not save a standard: a saved one turns the after-hours reply on.
    found = standard_configured(message.service_id)
    if found is not None:
        return found
    standard = ServiceStandard(service_id=message.service_id, org_id=message.org_id)
    ServiceStandard.service.field.set_cached_value(standard, message.service)
    return standard


def private_wait_track(*, message: Message) -> Question | None:
    """Time a member's private message; None when its thread is already waiting (the
    first message's clock runs) or the message does not wait for anyone."""
    if (
        message.direction != Message.Direction.IN
        or message.thread.kind != Thread.Kind.PRIVATE
        or (message.extra or {}).get("imported")
    ):
        return None
    # One statement in the usual case (a member writing several messages in a row).
    if _WAITING.rows(thread_id=message.thread_id):
        return None
    standard = _standard_or_defaults(message)
    due = due_at(message.created_at, standard)
    now = timezone.now()
    question = Question(
        org_id=message.org_id,
        service_id=message.service_id,
        thread_id=message.thread_id,
        message=message,
        member_id=message.member_id,
        source=Question.Source.PRIVATE,
        received_at=message.created_at,
        due_at=due,
        warn_at=due - timedelta(minutes=standard.warn_before_minutes),
        created_at=now,
    )
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        return None  # a rule labelled it a request in the same event: it is timed already
    QuestionEvent.objects.create(
        org_id=message.org_id,
        question=question,
        kind=QuestionEvent.Kind.OPENED,
        data={"via": "private", "due_at": due.isoformat()},
        created_at=now,
    )
    return question


def private_wait_for_label(message: Message) -> Question | None:
    """The waiting private item a newly labelled request belongs to: the thread's, opened
    at or before the message (a later message of the same run shares its clock)."""
    if message.thread.kind != Thread.Kind.PRIVATE:
        return None
    return (
        Question.objects.select_for_update()
        .filter(
            thread_id=message.thread_id,
            source=Question.Source.PRIVATE,
            status__in=Question.WAITING,
            received_at__lte=message.created_at,
        )
        .order_by("received_at", "id")
        .first()
    )

"""Moderation calls to platforms, queued as rows and retried like outbound sends."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from passerelle.channels.models import PlatformAction
from passerelle.channels.sending import MAX_ATTEMPTS, _backoff
from passerelle.channels.types.base import SendError

log = logging.getLogger(__name__)


def platform_action_queue(*, channel, action: str, params: dict, dedupe_key: str):
    """Queue one platform action once per dedupe key; runs after commit."""
    # Here, not at the top: channels.tasks imports this module (its tasks wrap these functions).
    from passerelle.channels.tasks import run_platform_action

    if action not in PlatformAction.Action.values:
        raise ValueError(f"unknown platform action {action!r}")
    state = PlatformAction.State.QUEUED
    if action not in channel.channel_type.supported_actions:
        # Recorded all the same, so the moderator sees the platform could not do it.
        state = PlatformAction.State.UNSUPPORTED
    try:
        with transaction.atomic():
            row = PlatformAction.objects.create(
                org_id=channel.org_id,
                channel=channel,
                action=action,
                params=params,
                dedupe_key=dedupe_key[:200],
                state=state,
            )
    except IntegrityError:
        return PlatformAction.objects.get(dedupe_key=dedupe_key[:200])
    if state == PlatformAction.State.QUEUED:
        transaction.on_commit(lambda: run_platform_action.enqueue(row.pk))
    return row


def platform_actions_queue_many(requests) -> list:
    """platform_action_queue for many (channel, action, params, dedupe_key) at once (a sweep).

    One read of the dedupe keys already queued, one insert of the rest; each queued action
    runs after commit, as one queued alone would.
    """
    from passerelle.channels.tasks import run_platform_action

    rows: dict = {}
    for channel, action, params, dedupe_key in requests:
        if action not in PlatformAction.Action.values:
            raise ValueError(f"unknown platform action {action!r}")
        state = PlatformAction.State.QUEUED
        if action not in channel.channel_type.supported_actions:
            state = PlatformAction.State.UNSUPPORTED
        rows.setdefault(
            dedupe_key[:200],
            PlatformAction(
                org_id=channel.org_id,
                channel=channel,
                action=action,
                params=params,
                dedupe_key=dedupe_key[:200],
                state=state,
            ),
        )
    if not rows:
        return []
    known = set(
        PlatformAction.objects.filter(dedupe_key__in=list(rows)).values_list(
            "dedupe_key", flat=True
        )
    )
    new = [row for key, row in rows.items() if key not in known]
    try:
        with transaction.atomic():
            created = PlatformAction.objects.bulk_create(new)
    except IntegrityError:  # queued meanwhile by another worker: one at a time then
        return [
            platform_action_queue(
                channel=r.channel, action=r.action, params=r.params, dedupe_key=r.dedupe_key
            )
            for r in new
        ]
    for row in created:
        if row.state == PlatformAction.State.QUEUED:
            transaction.on_commit(lambda pk=row.pk: run_platform_action.enqueue(pk))
    return created


def platform_action_run(action_id: int) -> str:
    """Run one queued action if due; returns the state it ended in."""
    now = timezone.now()
    claimed = PlatformAction.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=action_id,
        state=PlatformAction.State.QUEUED,
    ).update(state=PlatformAction.State.RUNNING, attempts=F("attempts") + 1, next_attempt_at=now)
    if claimed != 1:
        return "skipped"
    row = PlatformAction.objects.select_related("channel").get(pk=action_id)
    try:
        row.channel.channel_type.perform(row.channel, row.action, row.params)
    except SendError as exc:
        if exc.permanent or row.attempts >= MAX_ATTEMPTS:
            row.state = PlatformAction.State.FAILED
        else:
            row.state = PlatformAction.State.QUEUED
            row.next_attempt_at = timezone.now() + _backoff(row.attempts, exc.retry_after)
        row.error = str(exc)
        log.warning("platform action %s (%s): %s", row.pk, row.action, exc)
        row.save(update_fields=["state", "error", "next_attempt_at"])
        return row.state
    row.state, row.done_at, row.error = PlatformAction.State.DONE, timezone.now(), ""
    row.save(update_fields=["state", "done_at", "error"])
    return row.state


def due_actions_requeue() -> int:
    """Enqueue actions whose retry time came; rescue ones a dead worker left running."""
    # Here, not at the top: channels.tasks imports this module (its tasks wrap these functions).
    from passerelle.channels.sending import SENDING_TIMEOUT
    from passerelle.channels.tasks import run_platform_action

    now = timezone.now()
    PlatformAction.objects.filter(
        state=PlatformAction.State.RUNNING, next_attempt_at__lt=now - SENDING_TIMEOUT
    ).update(state=PlatformAction.State.QUEUED, next_attempt_at=now)
    due = PlatformAction.objects.filter(state=PlatformAction.State.QUEUED, next_attempt_at__lte=now)
    count = 0
    for pk in list(due.values_list("pk", flat=True)[:1000]):
        if due.filter(pk=pk).update(next_attempt_at=None) == 1:
            run_platform_action.enqueue(pk)
            count += 1
    return count

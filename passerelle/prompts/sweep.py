"""Scheduler job for prompts: the one reminder, then expiry, from stored deadlines."""

from itertools import groupby

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passerelle.conversations.reach import reach_for_many
from passerelle.conversations.services import messages_send_system_many
from passerelle.prompts import owners, wording
from passerelle.prompts.models import Prompt
from passerelle.prompts.services import queued_open_next

BATCH = 500
State = Prompt.State


def prompt_deadlines_sweep(now=None) -> int:
    """Remind open prompts whose reminder is due, expire those past their deadline; how many.

    One read of each (the partial indexes prompt_reminder_due and prompt_expiry_due), then
    per service a constant number of statements plus one conditional-update claim per
    prompt; an expiry also asks the member's next queued prompt, if any.
    """
    now = now or timezone.now()
    base = Prompt.objects.select_related("service", "member", "thread").filter(state=State.OPEN)
    due = (
        base.filter(reminded_at__isnull=True, remind_at__lte=now)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("service_id", "remind_at", "pk")[:BATCH]
    )
    done = 0
    for _service_id, prompts in groupby(due, key=lambda prompt: prompt.service_id):
        done += _remind_many(list(prompts), now)
    expired = base.filter(expires_at__lte=now).order_by("service_id", "expires_at", "pk")[:BATCH]
    for _service_id, prompts in groupby(expired, key=lambda prompt: prompt.service_id):
        done += _expire_many(list(prompts), now)
    return done


def _remind_many(prompts, now) -> int:
    with transaction.atomic():
        # The conditional update is the claim: two schedulers never remind twice.
        claimed = [
            prompt
            for prompt in prompts
            if Prompt.objects.filter(
                pk=prompt.pk, state=State.OPEN, reminded_at__isnull=True
            ).update(reminded_at=now)
            == 1
        ]
        if not claimed:
            return 0
        service = claimed[0].service
        for prompt in claimed:
            prompt.thread.member = prompt.member  # the send reads it: already in hand
        addresses = reach_for_many([p.member for p in claimed], service.pk)
        # An owner may say its reminders itself (the intake: how long is left, the
        # guidelines again), in a few statements for all of its prompts.
        said: dict = {}
        for owner, mine in groupby(sorted(claimed, key=_by_owner), key=_by_owner):
            texts = getattr(owners.handler_for(owner), "reminder_texts", None)
            if texts is not None:
                said.update(texts(prompts=list(mine), at=now))
        messages_send_system_many(
            sends=[
                (prompt.thread, text, prompt.language, addresses.get(prompt.member_id, []))
                for prompt in claimed
                for text in said.get(prompt.pk) or [wording.reminder(prompt, service)]
            ],
            at=now,
        )
        for prompt in claimed:
            prompt.reminded_at = now
            reminded = getattr(owners.handler_for(prompt.owner), "reminded", None)
            if reminded is not None:
                reminded(prompt=prompt, at=now)
    return len(claimed)


def _expire_many(prompts, now) -> int:
    with transaction.atomic():
        claimed = [
            prompt
            for prompt in prompts
            if Prompt.objects.filter(pk=prompt.pk, state=State.OPEN, expires_at__lte=now).update(
                state=State.EXPIRED, closed_at=now
            )
            == 1
        ]
        for prompt in claimed:
            prompt.state, prompt.closed_at = State.EXPIRED, now
        for owner, mine in groupby(sorted(claimed, key=_by_owner), key=_by_owner):
            handler = owners.handler_for(owner)
            # An owner with many rows expiring at once (the intake) closes them in bulk.
            expired_many = getattr(handler, "expired_many", None)
            if expired_many is not None:
                expired_many(prompts=list(mine), at=now)
            else:
                for prompt in mine:
                    handler.expired(prompt=prompt, at=now)
        for prompt in claimed:
            queued_open_next(member=prompt.member, thread=prompt.thread, at=now)
    return len(claimed)


def _by_owner(prompt) -> str:
    return prompt.owner

"""Sending waves: the scheduler job that asks each recipient once, in bounded batches.

Why it never asks anyone twice, even when a worker is killed in the middle of a wave: the
recipients are rows (unique per wave and member, inserted ON CONFLICT DO NOTHING), and a
batch of them is claimed by a conditional update (pending → asked) in the same transaction
that starts their responses and queues their questions. A killed batch rolls back whole;
the next run finds those recipients still pending and nobody else.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from passerelle.conversations.reach import reach_for_many
from passerelle.conversations.services import (
    private_threads_for_many,
    templates_send_system_many,
)
from passerelle.surveys.links import form_url
from passerelle.surveys.models import SurveyEvent, SurveyRecipient, SurveyWave
from passerelle.surveys.reach import recipients_reach
from passerelle.surveys.responses import (
    response_begin,
    responses_begin_many,
    responses_expire_sweep,
)
from passerelle.surveys.selectors import audience_members
from passerelle.surveys.services import next_wave_at, survey_event_add
from passerelle.surveys.triggers import trigger_due, trigger_members

BATCH = 200  # recipients asked per wave per scheduler tick
WAVES = 5  # waves advanced per tick


def _recipients_fill(wave: SurveyWave) -> int:
    """The wave's recipients, once: a second run after a crash inserts nothing again."""
    members = list(
        audience_members(wave.survey.service, wave.audience).values_list("pk", flat=True)
    )
    SurveyRecipient.objects.bulk_create(
        [SurveyRecipient(org_id=wave.org_id, wave=wave, member_id=pk) for pk in members],
        batch_size=500,
        ignore_conflicts=True,
    )
    total = SurveyRecipient.objects.filter(wave=wave).count()
    SurveyWave.objects.filter(pk=wave.pk).update(recipient_count=total)
    wave.recipient_count = total
    return total


def _trigger_fill(wave: SurveyWave, limit: int) -> int:
    """A trigger wave's new recipients (the members who joined or left since it started,
    not asked yet), a bounded batch of them; the wave's count grows with them."""
    members = trigger_members(wave, limit)
    if not members:
        return 0
    SurveyRecipient.objects.bulk_create(
        [SurveyRecipient(org_id=wave.org_id, wave=wave, member_id=pk) for pk in members],
        ignore_conflicts=True,
    )
    total = SurveyRecipient.objects.filter(wave=wave).count()
    SurveyWave.objects.filter(pk=wave.pk).update(recipient_count=total)
    wave.recipient_count = total
    return len(members)


def wave_send(*, wave: SurveyWave, limit: int = BATCH, now=None, send: bool = True) -> int:
    """Ask up to `limit` pending recipients of a wave; returns how many were asked.

    Claims the wave first (scheduled → sending); marks it sent when nobody is pending, and
    plans the next one of a repeating wave. A wave at intake or at exit first adds the
    members who joined or left since it started, and stays sending until cancelled.
    `send=False` records the questions in the threads without sending them (the demo seed).
    """
    now = now or timezone.now()
    if wave.state == SurveyWave.State.SCHEDULED:
        claimed = SurveyWave.objects.filter(pk=wave.pk, state=SurveyWave.State.SCHEDULED).update(
            state=SurveyWave.State.SENDING, started_at=now
        )
        if not claimed:
            return 0
        wave.state = SurveyWave.State.SENDING
        survey_event_add(None, SurveyEvent.Kind.WAVE_STARTED, wave=wave, at=now)
    if wave.state != SurveyWave.State.SENDING:
        return 0
    if wave.trigger != SurveyWave.Trigger.SCHEDULED:
        _trigger_fill(wave, limit)
        asked, _pending = _batch_ask(wave, limit, now, send)
        return asked
    if not wave.recipient_count:
        _recipients_fill(wave)
    asked, pending = _batch_ask(wave, limit, now, send)
    if pending is None:
        return 0
    if (
        pending < limit
        or not SurveyRecipient.objects.filter(
            wave=wave, state=SurveyRecipient.State.PENDING
        ).exists()
    ):
        _wave_finish(wave, now)
    return asked


def _batch_ask(wave, limit, now, send) -> tuple[int, int | None]:
    """Claim and ask a batch of pending recipients: (how many asked, how many were
    pending); (0, None) when another worker claimed some of them first."""
    Recipient = SurveyRecipient
    with transaction.atomic():
        # The claim: pending → asked in the same transaction that starts the responses and
        # queues their questions; a second worker's update of the same rows matches nothing.
        query = Recipient.objects.filter(wave=wave, state=Recipient.State.PENDING)
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True, of=("self",))
        pending = list(query.select_related("member").order_by("pk")[:limit])
        members = [r.member for r in pending]
        addresses = reach_for_many(members, wave.service_id)
        reach = recipients_reach(wave=wave, members=members, addresses=addresses, now=now)
        asked = [r for r in pending if r.member_id not in reach.unreachable]
        claimed = Recipient.objects.filter(
            pk__in=[r.pk for r in asked], state=Recipient.State.PENDING
        ).update(state=Recipient.State.ASKED, claimed_at=now, asked_at=now)
        if claimed != len(asked):
            # Another worker took some of them first: leave the whole batch to it.
            transaction.set_rollback(True)
            return 0, None
        for reason in set(reach.unreachable.values()):
            Recipient.objects.filter(
                pk__in=[r.pk for r in pending if reach.unreachable.get(r.member_id) == reason]
            ).update(state=Recipient.State.UNREACHABLE, claimed_at=now, unreachable_reason=reason)
        if send:
            busy = responses_begin_many(
                wave=wave,
                members=[r.member for r in asked],
                # A member a template opens the survey for: the first question is recorded
                # in the thread and goes to no destination until they reply.
                addresses={r.member_id: reach.open.get(r.member_id, []) for r in asked},
                links={r.member_id: form_url(r) for r in asked},
                at=now,
            )
            opened = _templates_send(wave, [r.member for r in asked], reach, busy, now)
            if opened:
                Recipient.objects.filter(wave=wave, member_id__in=opened).update(
                    opened_with_template=True
                )
        else:
            busy = {
                r.member_id
                for r in asked
                if response_begin(wave=wave, member=r.member, at=now, send=False, link=form_url(r))
                is None
            }
        if busy:
            # Answering another survey: this one asks when that one ends.
            Recipient.objects.filter(wave=wave, member_id__in=busy).update(
                state=Recipient.State.QUEUED
            )
    return len(asked), len(pending)


def _templates_send(wave, members, reach, busy, now) -> list[int]:
    """The wave's WhatsApp template to the members it opens the survey for (not to those
    answering another survey: they are writing, the survey asks when that one ends);
    returns their ids."""
    opening = [m for m in members if m.pk in reach.templated and m.pk not in busy]
    if not opening:
        return []
    threads = private_threads_for_many(wave.survey.service, opening)
    templates_send_system_many(
        sends=[(threads[m.pk], *reach.templated[m.pk]) for m in opening], at=now
    )
    return [m.pk for m in opening]


def _wave_finish(wave: SurveyWave, now) -> None:
    with transaction.atomic():
        if not SurveyWave.objects.filter(pk=wave.pk, state=SurveyWave.State.SENDING).update(
            state=SurveyWave.State.SENT, finished_at=now
        ):
            return
        wave.state = SurveyWave.State.SENT
        survey_event_add(
            None,
            SurveyEvent.Kind.WAVE_SENT,
            wave=wave,
            data={"recipients": wave.recipient_count},
            at=now,
        )
        if wave.repeat_months:
            following = SurveyWave.objects.create(
                org_id=wave.org_id,
                service_id=wave.service_id,
                survey_id=wave.survey_id,
                audience=wave.audience,
                scheduled_at=next_wave_at(wave),
                repeat_months=wave.repeat_months,
                open_days=wave.open_days,
                created_by=wave.created_by,
                created_at=now,
            )
            survey_event_add(
                None,
                SurveyEvent.Kind.WAVE_CREATED,
                wave=following,
                data={"repeat_of": wave.pk},
                at=now,
            )


def survey_waves_sweep(now=None) -> int:
    """Scheduler job: advance the due waves (a bounded batch of each), then end the
    responses whose time ran out; returns how many members were asked."""
    now = now or timezone.now()
    due = (
        SurveyWave.objects.filter(
            state__in=[SurveyWave.State.SCHEDULED, SurveyWave.State.SENDING], scheduled_at__lte=now
        )
        # A started wave at intake or at exit is read only when it has someone to ask.
        .filter(
            Q(state=SurveyWave.State.SCHEDULED)
            | Q(trigger=SurveyWave.Trigger.SCHEDULED)
            | trigger_due()
        )
        .select_related("survey__service", "opening_template__channel")
        .order_by("scheduled_at", "pk")[:WAVES]
    )
    asked = sum(wave_send(wave=wave, now=now) for wave in due)
    responses_expire_sweep(now=now)
    return asked

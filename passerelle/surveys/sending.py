"""Sending waves: the scheduler job that asks each recipient once, in bounded batches.

Why it never asks anyone twice, even when a worker is killed in the middle of a wave: the
recipients are rows (unique per wave and member, inserted ON CONFLICT DO NOTHING), and a
batch of them is claimed by a conditional update (pending → asked) in the same transaction
that starts their responses and queues their questions. A killed batch rolls back whole;
the next run finds those recipients still pending and nobody else.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from passerelle.members.selectors import addresses_for_many
from passerelle.surveys.links import form_url
from passerelle.surveys.models import SurveyEvent, SurveyRecipient, SurveyWave
from passerelle.surveys.responses import (
    response_begin,
    responses_begin_many,
    responses_expire_sweep,
)
from passerelle.surveys.selectors import audience_members
from passerelle.surveys.services import next_wave_at, survey_event_add

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


def wave_send(*, wave: SurveyWave, limit: int = BATCH, now=None, send: bool = True) -> int:
    """Ask up to `limit` pending recipients of a wave; returns how many were asked.

    Claims the wave first (scheduled → sending); marks it sent when nobody is pending, and
    plans the next one of a repeating wave. `send=False` records the questions in the
    threads without sending them (the demo seed).
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
    if not wave.recipient_count:
        _recipients_fill(wave)
    with transaction.atomic():
        # The claim: pending → asked in the same transaction that starts the responses and
        # queues their questions; a second worker's update of the same rows matches nothing.
        query = SurveyRecipient.objects.filter(wave=wave, state=SurveyRecipient.State.PENDING)
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True, of=("self",))
        pending = list(query.select_related("member").order_by("pk")[:limit])
        reachable = addresses_for_many([r.member for r in pending], wave.service_id)
        asked = [r for r in pending if reachable.get(r.member_id)]
        unreachable = [r.pk for r in pending if not reachable.get(r.member_id)]
        claimed = SurveyRecipient.objects.filter(
            pk__in=[r.pk for r in asked], state=SurveyRecipient.State.PENDING
        ).update(state=SurveyRecipient.State.ASKED, claimed_at=now, asked_at=now)
        if claimed != len(asked):
            # Another worker took some of them first: leave the whole batch to it.
            transaction.set_rollback(True)
            return 0
        SurveyRecipient.objects.filter(pk__in=unreachable).update(
            state=SurveyRecipient.State.UNREACHABLE, claimed_at=now
        )
        if send:
            busy = responses_begin_many(
                wave=wave,
                members=[r.member for r in asked],
                addresses={r.member_id: reachable[r.member_id] for r in asked},
                links={r.member_id: form_url(r) for r in asked},
                at=now,
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
            SurveyRecipient.objects.filter(wave=wave, member_id__in=busy).update(
                state=SurveyRecipient.State.QUEUED
            )
    if (
        len(pending) < limit
        or not SurveyRecipient.objects.filter(
            wave=wave, state=SurveyRecipient.State.PENDING
        ).exists()
    ):
        _wave_finish(wave, now)
    return len(asked)


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
        .select_related("survey__service")
        .order_by("scheduled_at", "pk")[:WAVES]
    )
    asked = sum(wave_send(wave=wave, now=now) for wave in due)
    responses_expire_sweep(now=now)
    return asked

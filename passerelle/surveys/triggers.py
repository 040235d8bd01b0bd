"""Waves at intake and at exit: who joined (or left) since the wave started, not yet asked.

Read from the membership events, by the scheduler (surveys.sending): communities never
calls into surveys. The same query says whether a trigger wave has anyone new (folded
into the sweep's one read of the due waves, so an idle tick costs nothing more) and, for
one wave, who they are; the recipient rows (unique per wave and member) are what makes
"once" hold across sweeps and restarts.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from passerelle.communities.models import Membership, MembershipEvent
from passerelle.surveys.models import SurveyRecipient, SurveyWave

Trigger = SurveyWave.Trigger
Kind = MembershipEvent.Kind

# Accepted after an intake, or joined a service that has none: either way, now a member.
# Re-admitted after a removal is not a newcomer: not asked.
ENTRIES = (Kind.ACCEPTED, Kind.JOINED)
# Only members who left themselves: a removal is not theirs to explain in a survey.
EXITS = (Kind.LEFT,)

_RULES = {
    Trigger.AT_INTAKE: (ENTRIES, Membership.Status.ACTIVE),
    Trigger.AT_EXIT: (EXITS, Membership.Status.LEFT),
}


def trigger_events(trigger: str, *, service_id, since, wave_id):
    """The membership events that make members of a trigger wave not asked yet.

    The arguments are values (one wave) or OuterRef expressions (inside the read of the
    due waves). The membership must still be in the state the event put it in: someone
    who joined and left before the sweep is not asked the intake survey.
    """
    kinds, status = _RULES[trigger]
    asked = SurveyRecipient.objects.filter(
        wave_id=wave_id, member_id=OuterRef("membership__member_id")
    )
    return MembershipEvent.objects.filter(
        kind__in=kinds,
        created_at__gte=since,
        membership__service_id=service_id,
        membership__status=status,
        membership__member__erased_at__isnull=True,
    ).filter(~Exists(asked))


def trigger_due() -> Q:
    """The condition under which a started trigger wave has someone to ask (for the read
    of the due waves: a trigger wave with nobody new is not read at all, so it never holds
    a place that a scheduled wave needs): new members, or recipients written and not yet
    asked (a batch that lost its claim to another worker)."""
    outer = {
        "service_id": OuterRef("service_id"),
        "since": OuterRef("scheduled_at"),
        "wave_id": OuterRef(OuterRef("pk")),
    }
    pending = SurveyRecipient.objects.filter(
        wave_id=OuterRef("pk"), state=SurveyRecipient.State.PENDING
    )
    return (
        Q(Exists(trigger_events(Trigger.AT_INTAKE, **outer)), trigger=Trigger.AT_INTAKE)
        | Q(Exists(trigger_events(Trigger.AT_EXIT, **outer)), trigger=Trigger.AT_EXIT)
        | (~Q(trigger=Trigger.SCHEDULED) & Q(Exists(pending)))
    )


def trigger_members(wave: SurveyWave, limit: int) -> list[int]:
    """Up to `limit` ids of the members the wave has not asked yet, the earliest first."""
    rows = (
        trigger_events(
            wave.trigger, service_id=wave.service_id, since=wave.scheduled_at, wave_id=wave.pk
        )
        .order_by("created_at", "pk")
        .values_list("membership__member_id", flat=True)[:limit]
    )
    return list(dict.fromkeys(rows))

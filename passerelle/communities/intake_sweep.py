"""The scheduler's intake job: one reminder, then the join request closes.

Split from communities.intake (which asks and decides): this reads only what is due,
through the partial indexes on the stored deadlines, and writes per service in bulk.
"""

from collections import defaultdict
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from passerelle.channels.actions import platform_actions_queue_many
from passerelle.communities.intake_steps import (
    ask_texts,
    steps,
)
from passerelle.communities.models import Intake, IntakeAnswer, Membership, MembershipEvent
from passerelle.communities.notify import (
    member_language,
    render_with,
    service_texts,
)
from passerelle.conversations.services import messages_send_system_many, private_threads_for_many
from passerelle.members.selectors import address_on, addresses_for_many

Kind = MembershipEvent.Kind


BATCH = 500


def intake_deadlines_sweep(now=None) -> int:
    """Scheduler job: one reminder, then close unfinished requests; returns how many.

    One read of what is due for each (the partial indexes intake_reminder_due and
    intake_deadline_due), then per service a batch of a constant number of statements plus
    one conditional-update claim per intake, in one transaction.
    """
    now = now or timezone.now()
    base = Intake.objects.select_related(
        "membership__member", "service", "guidelines", "channel"
    ).filter(state=Intake.State.IN_PROGRESS)
    due = base.filter(reminded_at__isnull=True, remind_at__lte=now, deadline_at__gt=now).order_by(
        "service_id", "remind_at", "pk"
    )[:BATCH]
    done = 0
    for _service_id, intakes in groupby(due, key=lambda intake: intake.service_id):
        done += _remind_many(list(intakes), now)
    expired = base.filter(deadline_at__lte=now).order_by("service_id", "deadline_at", "pk")[:BATCH]
    for _service_id, intakes in groupby(expired, key=lambda intake: intake.service_id):
        done += _expire_many(list(intakes), now)
    return done


def _remind_many(intakes, now) -> int:
    """Remind one service's due intakes: the current question again, with a reminder first."""
    with transaction.atomic():
        # The conditional update is the claim: two schedulers never remind twice.
        claimed = [
            intake
            for intake in intakes
            if Intake.objects.filter(
                pk=intake.pk, state=Intake.State.IN_PROGRESS, reminded_at__isnull=True
            ).update(reminded_at=now)
            == 1
        ]
        if not claimed:
            return 0
        service = claimed[0].service
        texts = service_texts(service)
        questions = list(service.intake_questions.filter(is_active=True))
        done_keys: dict = defaultdict(set)
        for intake_id, key in IntakeAnswer.objects.filter(
            intake_id__in=[i.pk for i in claimed]
        ).values_list("intake_id", "key"):
            done_keys[intake_id].add(key)
        said = []
        for intake in claimed:
            key, question = next(
                ((k, q) for k, q in steps(intake, questions) if k not in done_keys[intake.pk]),
                (None, None),
            )
            hours = max(1, round((intake.deadline_at - now).total_seconds() / 3600))
            preface = render_with(texts, service, "intake_reminder", intake.language, hours=hours)
            said += [
                (intake, text)
                for text in ask_texts(intake, key, question, preface=preface, texts=texts)
            ]
        _say_many(service, said, now)
    return len(claimed)


def _expire_many(intakes, now) -> int:
    """Close one service's intakes past their deadline (as _close does for one)."""
    with transaction.atomic():
        claimed = [
            intake
            for intake in intakes
            if Intake.objects.filter(
                pk=intake.pk, state=Intake.State.IN_PROGRESS, deadline_at__lte=now
            ).update(state=Intake.State.EXPIRED, decided_at=now)
            == 1
        ]
        if not claimed:
            return 0
        service = claimed[0].service
        Membership.objects.filter(
            pk__in=[i.membership_id for i in claimed], status=Membership.Status.PENDING
        ).update(status=Membership.Status.WITHDRAWN, ended_at=now)
        MembershipEvent.objects.bulk_create(
            [
                MembershipEvent(
                    org_id=intake.membership.org_id,
                    membership=intake.membership,
                    kind=Kind.REQUEST_EXPIRED,
                    reason="",
                    data={"intake": intake.pk},
                    created_at=now,
                )
                for intake in claimed
            ]
        )
        members = [i.membership.member for i in claimed]
        addresses = addresses_for_many(members, service.pk)
        declines = []
        for intake in claimed:
            if intake.source != "join_request" or intake.channel is None:
                continue
            # A request left pending on the platform would block the person from asking again.
            member = intake.membership.member
            address = _address_on(intake.channel, addresses.get(member.pk, []), member)
            if address:
                declines.append(
                    (
                        intake.channel,
                        "decline_join",
                        {"user": address, **intake.platform_params},
                        f"decline_join:{intake.pk}",
                    )
                )
        platform_actions_queue_many(declines)
        texts = service_texts(service)
        said = [
            (intake, render_with(texts, service, "intake_expired", intake.language))
            for intake in claimed
        ]
        _say_many(service, said, now, addresses=addresses)
    return len(claimed)


def _address_on(channel, pairs, member) -> str:
    """address_on from the member's addresses already read, if one is on that platform."""
    platform = channel.channel_type.platform
    for other, address in pairs:
        if other.channel_type.platform == platform:
            return address
    if not pairs and member.erased_at is not None:
        return ""
    # No active channel of the service speaks that platform: read it (rare).
    return address_on(member, channel)


def _say_many(service, said, now, addresses=None) -> None:
    """member_notify_text of many (intake, text), in order, in a few statements."""
    members = list(
        {intake.membership.member_id: intake.membership.member for intake, _t in said}.values()
    )
    threads = private_threads_for_many(service, members)
    if addresses is None:
        addresses = addresses_for_many(members, service.pk)
    messages_send_system_many(
        sends=[
            (
                threads[intake.membership.member_id],
                text,
                intake.language or member_language(service, intake.membership.member),
                addresses.get(intake.membership.member_id, []),
            )
            for intake, text in said
        ],
        at=now,
    )

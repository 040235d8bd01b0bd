"""Joining a service: a short conversation, one question at a time, then a decision.

The state of every join request lives in an Intake row (which question is next is "the first
step without an answer"), so any worker can take the next message and the scheduler can
remind or close unfinished requests from stored deadlines.
"""

from datetime import timedelta

from django.utils import timezone

from passerelle.communities import answers
from passerelle.communities.decisions import intake_accept, intake_refuse, platform_decide
from passerelle.communities.intake_steps import (
    GUIDELINES,
    LANGUAGE,
    answer_noted,
    answers_none,
    ask,
    current_step,
    options,
    prompt,
)
from passerelle.communities.models import Intake, IntakeAnswer, Membership, MembershipEvent
from passerelle.communities.notify import (
    member_language,
    member_notify,
    render,
)
from passerelle.communities.services import guidelines_current, membership_event_add, policy_for
from passerelle.members.models import ConsentEvent
from passerelle.members.selectors import member_is_new
from passerelle.members.services import consent_record

Kind = MembershipEvent.Kind
# Re-exported: the decisions are part of the intake's public interface.
__all__ = [
    "intake_accept",
    "intake_refuse",
    "intake_answer",
    "intake_start",
    "intake_withdraw",
    "intake_open_for",
]


def _schedule(intake, at) -> None:
    policy = policy_for(intake.service)
    intake.remind_at = at + timedelta(hours=policy.intake_reminder_hours)
    intake.deadline_at = at + timedelta(hours=policy.intake_timeout_hours)


def intake_start(
    *, service, channel, member, source: str, platform_params=None, at=None, send: bool = True
):
    """Someone asked to join: start (or resume) their intake; None if already a member.

    `send=False` records a join that happened before (demo, import): the questions go into
    the thread unsent and no platform call is queued.
    """
    at = at or timezone.now()
    # A person created in this transaction has no membership yet (nobody else sees them).
    membership = (
        None
        if member_is_new(member)
        else Membership.objects.select_for_update().filter(service=service, member=member).first()
    )
    if membership is not None and membership.status == Membership.Status.ACTIVE:
        if source == "join_request" and channel is not None and send:
            # Our records say member, the platform says outsider (they left unseen): let in.
            platform_decide(
                channel,
                member,
                "approve_join",
                platform_params or {},
                f"approve_join:m{membership.pk}:{int(at.timestamp())}",
            )
        member_notify(service=service, member=member, key="already_member", send=send, at=at)
        return None
    if membership is not None:
        open_intake = membership.intakes.filter(state__in=Intake.OPEN_STATES).first()
        if open_intake is not None:
            if source == "join_request" and open_intake.source != "join_request":
                # The platform now waits for our answer too: approve there when accepted.
                Intake.objects.filter(pk=open_intake.pk).update(
                    source=source, channel=channel, platform_params=platform_params or {}
                )
            if open_intake.state == Intake.State.REVIEW:
                member_notify(
                    service=service, member=member, key="request_pending", send=send, at=at
                )
            else:
                ask(open_intake, send=send, at=at)
            return open_intake
        # Back after leaving: "why are you leaving?" must not take the intake's answers.
        from passerelle.communities.lifecycle import exit_question_cancel  # (imports this)

        exit_question_cancel(membership=membership, at=at)
        Membership.objects.filter(pk=membership.pk).update(
            status=Membership.Status.PENDING, ended_at=None
        )
    else:
        membership = Membership.objects.create(
            org_id=service.org_id,
            service=service,
            member=member,
            status=Membership.Status.PENDING,
        )
    membership_event_add(
        membership=membership,
        kind=Kind.REQUESTED,
        at=at,
        data={"source": source, "via": channel.type if channel else ""},
    )
    intake = Intake(
        org_id=service.org_id,
        service=service,
        membership=membership,
        channel=channel,
        source=source,
        platform_params=platform_params or {},
        started_at=at,
        language=member_language(service, member),
        guidelines=guidelines_current(service),
    )
    _schedule(intake, at)
    intake.save()
    answers_none(intake)
    intake.membership.member = member
    member_notify(
        service=service,
        member=member,
        key="intake_intro",
        language=intake.language,
        send=send,
        at=at,
    )
    if current_step(intake)[0] is None:
        _finish(intake, at, send=send)
    else:
        ask(intake, send=send, at=at)
    return intake


def intake_open_for(service, member, membership=None, *, lock: bool = False) -> Intake | None:
    """The person's intake that is still answering questions, if any; `lock` reads it
    under its row lock, as intake_answer(locked=True) needs it."""
    open_intakes = Intake.objects.filter(state=Intake.State.IN_PROGRESS)
    # Nearly every private message comes from someone with no intake going on: when the
    # membership is known, one indexed lookup settles that before the five-table join
    # (none when the membership was read with it: selectors.sender_of).
    if membership is not None:
        known = getattr(membership, "intake_in_progress", None)
        if known is None:
            known = open_intakes.filter(membership=membership).exists()
        if not known:
            return None
    if lock:
        open_intakes = open_intakes.select_for_update(of=("self",))
    # The service's policy comes along: the answer reschedules the reminder from it.
    return (
        open_intakes.select_related(
            "membership__member", "service__policy", "guidelines", "channel"
        )
        .filter(service=service, membership__member=member)
        .first()
    )


def intake_answer(*, intake, text: str, at=None, send: bool = True, locked: bool = False) -> None:
    """Take the person's reply to the current question, then ask the next one or finish.

    `locked`: the intake was read under its row lock in this transaction (intake_open_for
    with lock=True), and is not read again."""
    at = at or timezone.now()
    if not locked:
        # Locked so two quick replies processed by two workers do not answer the same step.
        intake = (
            Intake.objects.select_for_update(of=("self",))
            .select_related("membership__member", "service", "guidelines", "channel")
            .get(pk=intake.pk)
        )
    if intake.state != Intake.State.IN_PROGRESS:
        return
    key, question = current_step(intake)
    if key is None:
        _finish(intake, at, send=send)
        return
    language, service = intake.language, intake.service
    choices = options(intake, key, question, language)
    optional = question is not None and not question.required
    parsed = answers.parse(
        text,
        choices,
        optional=optional,
        yes_no=bool(choices) and (key == GUIDELINES or getattr(question, "kind", "") == "yes_no"),
    )
    if parsed is None:
        hint = "invalid_answer" if choices else "invalid_text"
        ask(intake, preface=render(service, hint, language), send=send, at=at)
        return
    value, skipped = parsed
    IntakeAnswer.objects.create(
        org_id=intake.org_id,
        intake=intake,
        question=question,
        key=key,
        prompt=prompt(intake, key, question, language),
        value=value,
        raw=text[:2000],
        skipped=skipped,
        answered_at=at,
    )
    answer_noted(intake, key)
    member = intake.membership.member
    _consent_from_answer(intake, member, key, value, skipped, at)
    if key == LANGUAGE and value != language:
        intake.language = value
        if member.language != value:
            old, member.language = member.language, value
            member.save(update_fields=["language"])
            membership_event_add(
                membership=intake.membership,
                kind=Kind.LANGUAGE_CHANGED,
                data={"from": old, "to": value},
                at=at,
            )
    if key == GUIDELINES:
        if value != "yes":
            _close(
                intake,
                Intake.State.WITHDRAWN,
                Kind.REQUEST_WITHDRAWN,
                "guidelines_declined",
                at=at,
                reason="guidelines not accepted",
                send=send,
            )
            return
        membership_event_add(
            membership=intake.membership,
            kind=Kind.GUIDELINES_ACCEPTED,
            data={"version": intake.guidelines.version},
            at=at,
        )
    _schedule(intake, at)
    intake.save(update_fields=["language", "remind_at", "deadline_at"])
    if current_step(intake)[0] is None:
        _finish(intake, at, send=send)
    else:
        ask(intake, send=send, at=at)


# An intake question keyed `consent_surveys` (yes / no) records that consent.
CONSENT_PREFIX = "consent_"


def _consent_from_answer(intake, member, key, value, skipped, at) -> None:
    """The guidelines answer and `consent_<purpose>` questions are consent events too."""
    via = intake.channel.type if intake.channel_id else intake.source
    if key == GUIDELINES:
        purpose, version = ConsentEvent.Purpose.GUIDELINES, intake.guidelines.version
    elif key.startswith(CONSENT_PREFIX) and key[len(CONSENT_PREFIX) :] in ConsentEvent.ASKED:
        purpose, version = key[len(CONSENT_PREFIX) :], ""
    else:
        return
    if skipped or value not in ("yes", "no"):
        return
    action = ConsentEvent.Action.GIVEN if value == "yes" else ConsentEvent.Action.DECLINED
    consent_record(
        service=intake.service,
        member=member,
        purpose=purpose,
        action=action,
        version=version,
        via=via,
        at=at,
    )


def _eligible(intake) -> bool:
    for answer in intake.answers.select_related("question"):
        question = answer.question
        if question is not None and question.qualifying and answer.value not in question.qualifying:
            return False
    return True


def _finish(intake, at, *, send: bool = True) -> None:
    eligible = _eligible(intake)
    Intake.objects.filter(pk=intake.pk).update(
        state=Intake.State.REVIEW, completed_at=at, eligible=eligible
    )
    intake.state, intake.completed_at, intake.eligible = Intake.State.REVIEW, at, eligible
    removed_before = intake.membership.events.filter(kind=Kind.REMOVED).exists()
    if policy_for(intake.service).auto_accept and eligible and not removed_before:
        intake_accept(intake=intake, actor=None, at=at, send=send)
        return
    member_notify(
        service=intake.service,
        member=intake.membership.member,
        key="intake_review",
        language=intake.language,
        send=send,
        at=at,
    )


def _close(intake, state, kind, text_key, *, at, reason="", claimed=False, send=True) -> None:
    """End an unfinished request (withdrawn or expired); the person may start again."""
    if not claimed:
        updated = Intake.objects.filter(pk=intake.pk, state__in=Intake.OPEN_STATES).update(
            state=state, decided_at=at, decision_reason=reason
        )
        if updated != 1:
            return
    membership = intake.membership
    Membership.objects.filter(pk=membership.pk, status=Membership.Status.PENDING).update(
        status=Membership.Status.WITHDRAWN, ended_at=at
    )
    membership_event_add(
        membership=membership, kind=kind, reason=reason, at=at, data={"intake": intake.pk}
    )
    if intake.source == "join_request" and intake.channel is not None and send:
        # A request left pending on the platform would block the person from asking again.
        platform_decide(
            intake.channel,
            membership.member,
            "decline_join",
            intake.platform_params,
            f"decline_join:{intake.pk}",
        )
    member_notify(
        service=intake.service,
        member=membership.member,
        key=text_key,
        language=intake.language,
        send=send,
        at=at,
    )


def intake_withdraw(*, intake, at=None, via="", send: bool = True) -> None:
    """The person stopped their own request (STOP, /leave)."""
    _close(
        intake,
        Intake.State.WITHDRAWN,
        Kind.REQUEST_WITHDRAWN,
        "intake_cancelled",
        at=at or timezone.now(),
        reason=via,
        send=send,
    )

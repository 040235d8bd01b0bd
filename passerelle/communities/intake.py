"""Joining a service: a short conversation, one question at a time, then a decision.

The state of every join request lives in an Intake row; each question is a prompt
(passerelle.prompts) owned by the intake (communities.intake_owner), so any worker can take
the next reply and the prompts' sweep reminds once, then closes unfinished requests.
"""

from django.utils import timezone

from passerelle.communities.decisions import intake_accept, intake_refuse, platform_decide
from passerelle.communities.intake_steps import (
    GUIDELINES,
    INTAKE_OWNER,
    answers_none,
    current_step,
    step_prompt,
)
from passerelle.communities.models import Intake, Membership, MembershipEvent
from passerelle.communities.notify import (
    member_language,
    member_notify,
    render,
)
from passerelle.communities.services import guidelines_current, membership_event_add, policy_for
from passerelle.members.models import ConsentEvent
from passerelle.members.selectors import member_is_new
from passerelle.members.services import consent_record
from passerelle.prompts.answering import prompt_repeat, prompt_reply
from passerelle.prompts.selectors import prompt_open_of
from passerelle.prompts.services import prompt_ask, prompt_cancel

Kind = MembershipEvent.Kind
# Re-exported: the decisions are part of the intake's public interface.
__all__ = [
    "intake_accept",
    "intake_refuse",
    "intake_answer",
    "intake_start",
    "intake_withdraw",
]


def _ask(intake, *, at, send: bool, before=(), first: bool = False) -> None:
    """Ask the intake's current step, as the intake's prompt (`first`: before any other
    prompt open for the person, which waits and is asked again after)."""
    key, question = current_step(intake)
    prompt_ask(
        service=intake.service,
        member=intake.membership.member,
        channel=intake.channel,
        owner=INTAKE_OWNER,
        owner_id=intake.pk,
        at=at,
        send=send,
        first=first,
        **step_prompt(intake, key, question, at=at, before=before),
    )


def _resume(intake, *, at, send: bool) -> None:
    """The person asked to join again while answering: the question they are at, again."""
    prompt = prompt_open_of(owner=INTAKE_OWNER, owner_id=intake.pk)
    if prompt is not None:
        prompt_repeat(prompt=prompt, at=at, send=send)
        return
    # Queued behind another question (or never asked): the intake goes first now.
    prompt_cancel(owner=INTAKE_OWNER, owner_id=intake.pk, at=at)
    _ask(intake, at=at, send=send, first=True)


def intake_start(
    *, service, channel, member, source: str, platform_params=None, at=None, send: bool = True
):
    """Someone asked to join: start (or resume) their intake; None if already a member.

    `send=False` records a join that happened before (demo, import): the questions go into
    the thread unsent and no platform call is queued.
    """
    at = at or timezone.now()
    # A person created in this transaction has no membership yet (nobody else sees them).
    new = member_is_new(member)
    membership = (
        None
        if new
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
                open_intake.membership.member = member
                _resume(open_intake, at=at, send=send)
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
    intake.save()
    answers_none(intake)
    intake.membership.member = member
    if current_step(intake)[0] is None:
        member_notify(
            service=service,
            member=member,
            key="intake_intro",
            language=intake.language,
            send=send,
            at=at,
        )
        intake_finish(intake, at, send=send)
        return intake
    # The introduction and the first question go out together.
    intro = render(service, "intake_intro", intake.language)
    _ask(intake, at=at, send=send, before=[intro], first=not new)
    return intake


def intake_answer(*, intake, text: str, at=None, send: bool = True) -> bool:
    """Take the person's reply to the intake's current question (the demo and imports: a
    conversation's replies come through routing, as every prompt's do). False when the
    reply was not an answer."""
    prompt = prompt_open_of(owner=INTAKE_OWNER, owner_id=intake.pk)
    if prompt is None:
        return False
    return prompt_reply(prompt=prompt, text=text, at=at or timezone.now(), send=send)


# An intake question keyed `consent_surveys` (yes / no) records that consent.
CONSENT_PREFIX = "consent_"


def intake_consent_from_answer(intake, member, key, value, skipped, at) -> None:
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


def intake_finish(intake, at, *, send: bool = True) -> None:
    """Every question is answered: eligible and auto-accepted, or a moderator decides."""
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


def intake_close(intake, state, kind, text_key, *, at, reason="", send=True) -> None:
    """End an unfinished request (withdrawn, guidelines declined); the person may start
    again. (Expiry is the prompts' sweep: intake_owner.IntakeOwner.expired_many.)"""
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
    # Its question no longer waits (STOP while answering); a question that waited behind
    # it is asked, after the person was told.
    prompt_cancel(owner=INTAKE_OWNER, owner_id=intake.pk, at=at)


def intake_withdraw(*, intake, at=None, via="", send: bool = True) -> None:
    """The person stopped their own request (STOP, /leave)."""
    intake_close(
        intake,
        Intake.State.WITHDRAWN,
        Kind.REQUEST_WITHDRAWN,
        "intake_cancelled",
        at=at or timezone.now(),
        reason=via,
        send=send,
    )

"""The intake as an owner of prompts: each answer stored, then the next step or the end.

The prompt engine asks and reads the replies (routing hands it every reply to an open
prompt); this receives them. `follow_up` names the next step before the answer is stored,
so the answered prompt becomes the next question in one update; `answered` then stores the
answer (with the wording the person read) and what it means: their language, their consent
to the guidelines, the end of the intake. The sweep's reminders and expiries come here in
batches (reminder_texts, expired_many): a constant number of statements per service.
"""

from django.db import transaction

from passerelle.channels.actions import platform_actions_queue_many
from passerelle.common.memo import once
from passerelle.communities.intake import (
    intake_close,
    intake_consent_from_answer,
    intake_finish,
)
from passerelle.communities.intake_steps import (
    GUIDELINES,
    LANGUAGE,
    answer_noted,
    before_texts,
    question_of,
    step_after,
    step_prompt,
)
from passerelle.communities.models import Intake, IntakeAnswer, Membership, MembershipEvent
from passerelle.communities.notify import member_language, render, render_with, service_texts
from passerelle.communities.services import membership_event_add
from passerelle.conversations.services import messages_send_system_many, private_threads_for_many
from passerelle.members.selectors import address_on, addresses_for_many

Kind = MembershipEvent.Kind
_RELATED = ("membership__member", "service__policy", "guidelines", "channel")


def _intake(prompt):
    """The prompt's intake, still answering questions (None once decided or closed); read
    once per event however many times the owner asks."""

    def read():
        intake = Intake.objects.select_related(*_RELATED).filter(pk=prompt.owner_id).first()
        if intake is not None and prompt.member is not None:
            intake.membership.member = prompt.member
        return intake

    intake = once(("intake", prompt.owner_id), read)
    return intake if intake is not None and intake.state == Intake.State.IN_PROGRESS else None


def _declined(prompt, answer) -> bool:
    return prompt.key == GUIDELINES and answer.value != "yes"


class IntakeOwner:
    """Receives the answers to the intake's questions (registered as INTAKE_OWNER)."""

    def follow_up(self, *, prompt, answer, at):
        intake = _intake(prompt)
        if intake is None or _declined(prompt, answer):
            return None
        if prompt.key == LANGUAGE:
            # The next question already speaks the language just chosen.
            intake.language = answer.value
        key, question = step_after(intake, prompt.key)
        if key is None:
            return None
        return step_prompt(intake, key, question, at=at)

    def answered(self, *, prompt, answer, at) -> None:
        intake = _intake(prompt)
        if intake is None:
            return
        key, send = prompt.key, answer.send
        value, skipped = answer.value, answer.skipped
        IntakeAnswer.objects.create(
            org_id=intake.org_id,
            intake=intake,
            question=question_of(intake, key),
            key=key,
            prompt=answer.wording,
            value=value,
            raw=answer.raw[:2000],
            skipped=skipped,
            answered_at=at,
        )
        answer_noted(intake, key)
        member = intake.membership.member
        intake_consent_from_answer(intake, member, key, value, skipped, at)
        if key == LANGUAGE:
            _language_set(intake, member, value, at)
        if key == GUIDELINES:
            if value != "yes":
                intake_close(
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
        if step_after(intake, key)[0] is None:
            intake_finish(intake, at, send=send)

    def reask_line(self, *, prompt) -> str:
        # The service's own words for "sorry, I did not understand".
        key = "invalid_answer" if prompt.options else "invalid_text"
        return render(prompt.service, key, prompt.language)

    def reminder_texts(self, *, prompts, at) -> dict:
        """How long is left before the request closes, then the question; the guidelines'
        text again before the question that asks to accept them."""
        intakes = _intakes_of(prompts)
        if not intakes:
            return {}
        service = prompts[0].service
        texts = service_texts(service)
        said = {}
        for prompt in prompts:
            intake = intakes.get(prompt.owner_id)
            if intake is None:
                continue
            left = (prompt.expires_at - at).total_seconds() if prompt.expires_at else 0
            hours = max(1, round(left / 3600))
            preface = render_with(texts, service, "intake_reminder", intake.language, hours=hours)
            said[prompt.pk] = [
                *before_texts(intake, prompt.key, texts=texts),
                f"{preface}\n\n{prompt.wording}",
            ]
        return said

    def expired(self, *, prompt, at) -> None:
        self.expired_many(prompts=[prompt], at=at)

    def expired_many(self, *, prompts, at) -> None:
        """The requests whose question waited past its deadline close, in a few statements
        for all of one service's."""
        with transaction.atomic():
            intakes = list(_intakes_of(prompts, lock=True).values())
            if intakes:
                _expire(intakes, at)


def _intakes_of(prompts, *, lock: bool = False) -> dict:
    """The prompts' intakes still answering questions, by id, in one read."""
    intakes = Intake.objects.select_related(*_RELATED).filter(
        pk__in=[p.owner_id for p in prompts], state=Intake.State.IN_PROGRESS
    )
    if lock:
        intakes = intakes.select_for_update(of=("self",))
    return {intake.pk: intake for intake in intakes}


def _language_set(intake, member, value, at) -> None:
    # intake.language is the answer already (follow_up); the row and the person follow.
    intake.language = value
    Intake.objects.filter(pk=intake.pk).update(language=value)
    if member.language != value:
        old, member.language = member.language, value
        member.save(update_fields=["language"])
        membership_event_add(
            membership=intake.membership,
            kind=Kind.LANGUAGE_CHANGED,
            data={"from": old, "to": value},
            at=at,
        )


def _expire(intakes, now) -> None:
    """Close one service's intakes past their deadline (as intake_close does for one)."""
    service = intakes[0].service
    Intake.objects.filter(pk__in=[i.pk for i in intakes]).update(
        state=Intake.State.EXPIRED, decided_at=now
    )
    Membership.objects.filter(
        pk__in=[i.membership_id for i in intakes], status=Membership.Status.PENDING
    ).update(status=Membership.Status.WITHDRAWN, ended_at=now)
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                org_id=intake.membership.org_id,
                service_id=intake.membership.service_id,
                membership=intake.membership,
                kind=Kind.REQUEST_EXPIRED,
                reason="",
                data={"intake": intake.pk},
                created_at=now,
            )
            for intake in intakes
        ]
    )
    members = [i.membership.member for i in intakes]
    addresses = addresses_for_many(members, service.pk)
    declines = []
    for intake in intakes:
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
    threads = private_threads_for_many(service, members)
    messages_send_system_many(
        sends=[
            (
                threads[intake.membership.member_id],
                render_with(texts, service, "intake_expired", intake.language),
                intake.language or member_language(service, intake.membership.member),
                addresses.get(intake.membership.member_id, []),
            )
            for intake in intakes
        ],
        at=now,
    )


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

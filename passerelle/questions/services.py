"""Writes for questions: opened from a label, timed by the service standard, answered.

Every change writes a QuestionEvent. Due times are stored on the row and swept by the
scheduler (sweep.py); nothing here schedules a task per question.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.conversations.models import Label, Message, Thread
from passerelle.conversations.services import message_label, message_reply
from passerelle.faq import texts
from passerelle.faq.canned import canned_text
from passerelle.orgs.models import StaffRole
from passerelle.orgs.permissions import require
from passerelle.questions.models import Answer, Question, QuestionEvent, ServiceStandard
from passerelle.questions.standards import due_at
from passerelle.questions.waiting import private_wait_for_label


def standard_for(service) -> ServiceStandard:
    """The service's standard, created with the toolkit's defaults (24 h, Mon–Fri 9–17)."""
    standard = ServiceStandard.objects.filter(service=service).first()
    if standard is not None:
        return standard
    try:
        with transaction.atomic():
            return ServiceStandard.objects.create(org_id=service.org_id, service=service)
    except IntegrityError:
        return ServiceStandard.objects.get(service=service)


def _event(question, kind, *, actor=None, data=None, at=None) -> QuestionEvent:
    return QuestionEvent.objects.create(
        org_id=question.org_id,
        question=question,
        kind=kind,
        actor=actor,
        data=data or {},
        created_at=at or timezone.now(),
    )


def _clock(question: Question, standard: ServiceStandard, start) -> dict:
    """Due and warning times of a clock started at `start`."""
    due = due_at(start, standard)
    warn = due - timedelta(minutes=standard.warn_before_minutes)
    question.due_at, question.warn_at = due, warn
    return {"due_at": due, "warn_at": warn}


def message_label_set(*, role, message: Message, label: str) -> Message:
    """Label a message; a request for information becomes a timed question, and
    relabelling it cancels the question."""
    with transaction.atomic():
        message_label(role=role, message=message, label=label)
        question_label_changed(message=message, actor=role.user)
    return message


# One page of the labelling list at most: a request that big is a mistake or a script.
MAX_BULK_LABEL = 500


def messages_label_bulk(*, role, message_ids, label: str) -> int:
    """Give many messages of the role's service one label (or none), each exactly as
    message_label_set labels one: a request for information opens its question, another
    label cancels a waiting one. All or nothing; returns how many were labelled."""
    require(role, "label")
    if label and label not in Label.values:
        raise ValidationError(_("Unknown label."))
    ids = {int(pk) for pk in message_ids}
    if not ids:
        raise ValidationError(_("Select at least one message."))
    if len(ids) > MAX_BULK_LABEL:
        raise ValidationError(_("Label at most %(n)d messages at once.") % {"n": MAX_BULK_LABEL})
    messages = list(Message.objects.filter(service_id=role.service_id, pk__in=ids))
    if len(messages) != len(ids):
        raise PermissionDenied(_("This message belongs to another service."))
    with transaction.atomic():
        for message in messages:
            message_label_set(role=role, message=message, label=label)
    return len(messages)


def question_label_changed(*, message: Message, actor=None, via: str = "label"):
    """Keep the question in step with an inbound message's label (moderator or rule)."""
    if message.direction != Message.Direction.IN:
        return None
    if message.label == Label.REQUEST:
        return question_open(message=message, actor=actor, via=via)
    return question_cancel_for_message(message=message, actor=actor)


def _imported(message: Message) -> bool:
    """A message from an imported chat history (passerelle.history)."""
    return bool((message.extra or {}).get("imported"))


def question_open(*, message: Message, actor=None, via: str = "label", at=None) -> Question:
    """The question a message asks, opened once however often it is labelled."""
    now = at or timezone.now()
    with transaction.atomic():
        question = Question.objects.select_for_update().filter(message=message).first()
        if question is None:
            question = private_wait_for_label(message)
            if question is not None:
                return _label_private_wait(question, message, actor=actor, via=via, at=now)
        if question is not None:
            if question.source == Question.Source.PRIVATE:
                return _label_private_wait(question, message, actor=actor, via=via, at=now)
            if question.status == Question.Status.CANCELLED and _imported(message):
                Question.objects.filter(pk=question.pk).update(
                    status=Question.Status.CLOSED, closed_at=now
                )
                question.status, question.closed_at = Question.Status.CLOSED, now
                _event(question, QuestionEvent.Kind.REOPENED, actor=actor, data={"via": via}, at=at)
            elif question.status == Question.Status.CANCELLED:
                # Labelled away then back: the clock runs from when the member asked.
                standard = standard_for(message.service)
                Question.objects.filter(pk=question.pk).update(
                    status=Question.Status.OPEN,
                    closed_at=None,
                    **_clock(question, standard, question.received_at),
                )
                question.status, question.closed_at = Question.Status.OPEN, None
                _event(question, QuestionEvent.Kind.REOPENED, actor=actor, data={"via": via}, at=at)
            return question
        standard = standard_for(message.service)
        question = Question(
            org_id=message.org_id,
            service_id=message.service_id,
            thread_id=message.thread_id,
            message=message,
            member_id=message.member_id,
            received_at=message.created_at,
            created_at=now,
        )
        imported = _imported(message)
        if imported:
            # A question from an imported chat history was dealt with back then, outside
            # Passerelle: it is recorded closed, with no clock, so labelling years of
            # history raises no overdue alert (and the standard's report leaves it out).
            question.status, question.closed_at = Question.Status.CLOSED, now
        else:
            _clock(question, standard, message.created_at)
        try:
            with transaction.atomic():
                question.save()
        except IntegrityError:
            # Another moderator labelled the same message a moment ago.
            return Question.objects.get(message=message)
        due = question.due_at.isoformat() if question.due_at else None
        data = {"via": via, "due_at": due, **({"imported": True} if imported else {})}
        _event(question, QuestionEvent.Kind.OPENED, actor=actor, at=now, data=data)
    return question


def _label_private_wait(question: Question, message: Message, *, actor, via, at) -> Question:
    """A waiting private message labelled a request: the same row becomes the question,
    on the labelled message, with the clock that started when the member first wrote."""
    if question.status == Question.Status.CANCELLED:
        return question
    Question.objects.filter(pk=question.pk).update(source=Question.Source.LABELLED, message=message)
    question.source, question.message = Question.Source.LABELLED, message
    due = question.due_at.isoformat() if question.due_at else None
    _event(
        question, QuestionEvent.Kind.LABELLED, actor=actor, at=at, data={"via": via, "due_at": due}
    )
    return question


def question_cancel_for_message(*, message: Message, actor=None) -> Question | None:
    """A message is no longer a request: its waiting question is cancelled, others stay.

    In a private chat the member still waits for a reply: a waiting question goes back to
    being a private message waiting (same clock) unless another one of the thread waits."""
    now = timezone.now()
    with transaction.atomic():
        question = Question.objects.filter(message=message).first()
        if question is None or question.source == Question.Source.PRIVATE:
            return question
        if question.is_waiting and _still_waits_privately(question):
            Question.objects.filter(pk=question.pk).update(source=Question.Source.PRIVATE)
            question.source = Question.Source.PRIVATE
            _event(
                question,
                QuestionEvent.Kind.UNLABELLED,
                actor=actor,
                at=now,
                data={"label": message.label},
            )
            return question
        # An answered or referred question keeps its history: the member did get a reply.
        # An imported one was closed when labelled (no answer is known): it can be undone.
        undoable = [*Question.WAITING, *([Question.Status.CLOSED] if _imported(message) else [])]
        cancelled = Question.objects.filter(pk=question.pk, status__in=undoable).update(
            status=Question.Status.CANCELLED, due_at=None, warn_at=None, closed_at=now
        )
        if cancelled:
            question.status = Question.Status.CANCELLED
            _event(
                question,
                QuestionEvent.Kind.CANCELLED,
                actor=actor,
                at=now,
                data={"label": message.label},
            )
    return question


def _still_waits_privately(question: Question) -> bool:
    if question.thread.kind != Thread.Kind.PRIVATE:
        return False
    others = Question.objects.filter(thread_id=question.thread_id, status__in=Question.WAITING)
    return not others.exclude(pk=question.pk).exists()


def member_language(question: Question) -> str:
    """The language the asking member reads."""
    member = question.member
    return (member.language if member else "") or question.message.language


def question_acknowledge(*, role, question: Question, text: str = "") -> Message:
    """Tell the member a complex question is being looked into; may stop the clock."""
    require(role, "reply", question.service_id)
    standard = standard_for(question.service)
    language = member_language(question)
    if not (text or "").strip():
        name = question.member.display_name if question.member else ""
        text, language = canned_text(question.service, texts.ACKNOWLEDGEMENT, language, name=name)
    now = timezone.now()
    stops = standard.acknowledgement_stops_clock
    changes = {"status": Question.Status.ACKNOWLEDGED, "acknowledged_at": now}
    if stops:
        changes.update(due_at=None, warn_at=None)
    with transaction.atomic():
        claimed = Question.objects.filter(
            pk=question.pk, status=Question.Status.OPEN, acknowledged_at__isnull=True
        ).update(**changes)
        if claimed != 1:
            raise ValidationError(_("This question is not open any more."))
        message = message_reply(
            role=role,
            thread=question.thread,
            text=text,
            reply_to=question.message,
            language=language,
        )
        _event(
            question,
            QuestionEvent.Kind.ACKNOWLEDGED,
            actor=role.user,
            at=now,
            data={"message": message.pk, "language": language, "clock_stopped": stops},
        )
    for field, value in changes.items():
        setattr(question, field, value)
    return message


def question_assign(*, role, question: Question, assignee) -> Question:
    """Give the question to a staff member of the service (or to nobody)."""
    require(role, "reply", question.service_id)
    if assignee is not None:
        target = StaffRole.objects.filter(user=assignee, service_id=question.service_id).first()
        if target is None or not target.can("reply"):
            raise ValidationError(_("This person cannot answer questions in this service."))
    if (assignee is None or assignee != role.user) and not role.can("moderate"):
        raise PermissionDenied(_("Only moderators assign questions to others."))
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(assignee=assignee)
        question.assignee = assignee
        _event(
            question,
            QuestionEvent.Kind.ASSIGNED,
            actor=role.user,
            data={"assignee": assignee.pk if assignee else None},
        )
    return question


def answer_record(
    question, *, message, kind, actor, now, event_kind, via: str = "", **fields
) -> Answer:
    """Record one answer (once per message) and move the question to answered; `via` says
    how, when not by a moderator's choice (a staff reply answering a private message)."""
    try:
        with transaction.atomic():
            answer = Answer.objects.create(
                org_id=question.org_id,
                question=question,
                message=message,
                kind=kind,
                created_by=actor,
                created_at=now,
                **fields,
            )
    except IntegrityError:
        raise ValidationError(_("This message is already recorded as an answer.")) from None
    Question.objects.filter(
        pk=question.pk, status__in=(*Question.WAITING, Question.Status.REFERRED)
    ).update(status=Question.Status.ANSWERED)
    Question.objects.filter(pk=question.pk, answered_at__isnull=True).update(answered_at=now)
    question.refresh_from_db(fields=["status", "answered_at"])
    on_time = question.due_at is None or question.answered_at <= question.due_at
    _event(
        question,
        event_kind,
        actor=actor,
        at=now,
        data={
            "message": message.pk,
            "answer": answer.pk,
            "on_time": on_time,
            "faq_entry": answer.faq_entry_id,
            **({"faq_rank": answer.faq_rank} if answer.faq_rank else {}),
            **({"via": via} if via else {}),
        },
    )
    return answer


def private_waits_answer(*, reply: Message, thread) -> list[Question]:
    """A staff reply in a private thread answers the member's messages waiting there
    (a labelled question stays open: the moderator says which reply answers it)."""
    if thread.kind != Thread.Kind.PRIVATE:
        return []
    waiting = list(
        Question.objects.filter(
            thread_id=thread.pk, source=Question.Source.PRIVATE, status__in=Question.WAITING
        )
    )
    for question in waiting:
        answer_record(
            question,
            message=reply,
            kind=Answer.Kind.STAFF,
            actor=reply.author,
            now=reply.created_at,
            event_kind=QuestionEvent.Kind.ANSWERED,
            via="reply",
        )
    return waiting


def check_open_for_answers(question) -> None:
    """Refuse answers on a closed or cancelled question."""
    if question.status in (Question.Status.CANCELLED, Question.Status.CLOSED):
        raise ValidationError(_("Reopen this question before answering it."))


def question_answer(
    *, role, question: Question, text: str, faq_entry=None, faq_rank: int | None = None
) -> Answer:
    """Answer in the question's thread (replying to it); records the FAQ entry used and
    its rank among the suggested answers (`faq_rank`, 1 = first)."""
    require(role, "reply", question.service_id)
    check_open_for_answers(question)
    faq_language = ""
    if faq_entry is not None:
        if faq_entry.service_id != question.service_id or not faq_entry.is_active:
            raise PermissionDenied(_("This FAQ entry belongs to another service."))
        if faq_entry.is_stale(timezone.localdate(timezone=question.service.tz)):
            raise ValidationError(_("This FAQ entry is past its review date: review it first."))
        # The same fallbacks as the suggestion the moderator inserted (faq.selectors): the
        # language recorded is the one of the text that was inserted.
        _text, faq_language = faq_entry.answer_for(
            member_language(question), question.service.languages
        )
    faq_rank = faq_rank if faq_entry is not None and faq_rank and 0 < faq_rank < 100 else None
    now = timezone.now()
    with transaction.atomic():
        message = message_reply(
            role=role, thread=question.thread, text=text, reply_to=question.message
        )
        if question.source == Question.Source.PRIVATE:
            # A private message waiting is answered by the reply itself (waiting.py).
            answer = Answer.objects.filter(question=question, message=message).first()
            if answer is not None:
                Answer.objects.filter(pk=answer.pk).update(
                    faq_entry=faq_entry, faq_language=faq_language, faq_rank=faq_rank
                )
                answer.faq_entry, answer.faq_language = faq_entry, faq_language
                answer.faq_rank = faq_rank
                return answer
        return answer_record(
            question,
            message=message,
            kind=Answer.Kind.STAFF,
            actor=role.user,
            now=now,
            event_kind=QuestionEvent.Kind.ANSWERED,
            faq_entry=faq_entry,
            faq_language=faq_language,
            faq_rank=faq_rank,
        )


def question_mark_answered(*, role, question: Question, message: Message, at=None) -> Answer:
    """Record a staff message already sent in the thread as the question's answer."""
    require(role, "reply", question.service_id)
    check_open_for_answers(question)
    if (
        message.thread_id != question.thread_id
        or message.direction != Message.Direction.OUT
        or message.created_at < question.received_at
    ):
        raise ValidationError(_("Choose a reply sent in this conversation after the question."))
    with transaction.atomic():
        return answer_record(
            question,
            message=message,
            kind=Answer.Kind.STAFF,
            actor=role.user,
            now=at or timezone.now(),
            event_kind=QuestionEvent.Kind.ANSWERED,
        )


def question_close(*, role, question: Question, at=None) -> Question:
    """Close a question that needs nothing more (answered elsewhere, duplicate…)."""
    require(role, "reply", question.service_id)
    now = at or timezone.now()
    with transaction.atomic():
        closed = (
            Question.objects.filter(pk=question.pk)
            .exclude(status__in=(Question.Status.CLOSED, Question.Status.CANCELLED))
            .update(status=Question.Status.CLOSED, closed_at=now, due_at=None, warn_at=None)
        )
        if closed:
            _event(question, QuestionEvent.Kind.CLOSED, actor=role.user, at=now)
    question.refresh_from_db()
    return question


def question_reopen(*, question: Question, actor=None, via: str = "moderator") -> Question:
    """Open a question again with a fresh clock (a referral that did not help, a moderator)."""
    now = timezone.now()
    standard = standard_for(question.service)
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(
            status=Question.Status.OPEN,
            closed_at=None,
            answered_at=None,
            acknowledged_at=None,
            warned_at=None,
            breached_at=None,
            **_clock(question, standard, now),
        )
        _event(
            question,
            QuestionEvent.Kind.REOPENED,
            actor=actor,
            at=now,
            data={"via": via, "due_at": question.due_at.isoformat()},
        )
    question.refresh_from_db()
    return question


def question_mark_referred(*, question: Question, actor, referral_id: int, at=None) -> None:
    """The member was referred to a partner: that is the service's answer for now."""
    at = at or timezone.now()
    Question.objects.filter(
        pk=question.pk, status__in=(*Question.WAITING, Question.Status.ANSWERED)
    ).update(status=Question.Status.REFERRED)
    Question.objects.filter(pk=question.pk, answered_at__isnull=True).update(answered_at=at)
    _event(
        question, QuestionEvent.Kind.REFERRED, actor=actor, at=at, data={"referral": referral_id}
    )
    question.refresh_from_db(fields=["status", "answered_at"])


def standard_save(*, role, standard: ServiceStandard) -> ServiceStandard:
    """Save the service's standard; new questions are timed by it from now on."""
    if role is None or not role.can("configure"):
        raise PermissionDenied(_("Only administrators change the service standard."))
    if standard.pk and standard.service_id != role.service_id:
        raise PermissionDenied(_("This standard belongs to another service."))
    standard.org_id, standard.service_id = role.org_id, role.service_id
    standard.updated_by = role.user
    standard.full_clean()
    standard.save()
    return standard

"""Reads for questions; each takes the staff role first and stays inside its service.

A partner specialist sees only the questions assigned to them.
"""

from collections import Counter
from datetime import datetime, time

from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.http import Http404
from django.utils import timezone

from passerelle.conversations import selectors as conversation_selectors
from passerelle.conversations.models import Message, Thread
from passerelle.members.models import Member
from passerelle.orgs.models import Role, StaffRole
from passerelle.questions.models import Answer, Question, QuestionEvent

VIEWS = ("open", "overdue", "mine", "unassigned", "answered_today", "all")


def questions_visible(role):
    """The questions a role may see: its service's, or only its own for a partner."""
    if role is None or not role.can("read"):
        return Question.objects.none()
    questions = Question.objects.filter(service_id=role.service_id)
    if role.role == Role.PARTNER:
        questions = questions.filter(assignee=role.user)
    return questions


def local_midnight(role, now=None):
    """Start of today in the service's time zone."""
    tz = role.service.tz
    today = (now or timezone.now()).astimezone(tz).date()
    return datetime.combine(today, time(), tzinfo=tz)


def questions_for(role, *, view: str = "open", query: str = "", now=None):
    """One inbox view of the service's questions; waiting ones by due time, overdue first."""
    now = now or timezone.now()
    questions = questions_visible(role).select_related("message", "member", "assignee", "thread")
    by_due = (F("due_at").asc(nulls_last=True), "received_at", "id")
    if view == "overdue":
        questions = questions.filter(status__in=Question.WAITING, due_at__lte=now).order_by(*by_due)
    elif view == "mine":
        questions = questions.filter(status__in=Question.WAITING, assignee=role.user).order_by(
            *by_due
        )
    elif view == "unassigned":
        questions = questions.filter(status__in=Question.WAITING, assignee__isnull=True).order_by(
            *by_due
        )
    elif view == "answered_today":
        questions = questions.filter(answered_at__gte=local_midnight(role, now)).order_by(
            "-answered_at", "-id"
        )
    elif view == "all":
        questions = questions.order_by("-received_at", "-id")
    else:
        questions = questions.filter(status__in=Question.WAITING).order_by(*by_due)
    if query:
        # The text of each question's own message, read by its primary key: a scalar
        # subquery, which the database cannot turn into a scan of every message matching
        # the words (a common word is in a tenth of a million messages; a service has far
        # fewer questions). Names: the trigram index member_name_trgm on PostgreSQL.
        asked = Subquery(Message.objects.filter(pk=OuterRef("message_id")).values("text")[:1])
        named = Member.objects.filter(pk=OuterRef("member_id"), display_name__icontains=query)
        questions = questions.alias(asked_text=asked).filter(
            Q(asked_text__icontains=query) | Q(Exists(named))
        )
    return questions


def question_counts(role, now=None) -> dict:
    """How many questions each inbox view holds, and how many are about to breach."""
    now = now or timezone.now()
    waiting = questions_visible(role).filter(status__in=Question.WAITING)
    return {
        "open": waiting.count(),
        "overdue": waiting.filter(due_at__lte=now).count(),
        "due_soon": waiting.filter(warn_at__lte=now, due_at__gt=now).count(),
        "mine": waiting.filter(assignee=role.user).count(),
        "unassigned": waiting.filter(assignee__isnull=True).count(),
        "answered_today": questions_visible(role)
        .filter(answered_at__gte=local_midnight(role, now))
        .count(),
    }


def question_get(role, question_id) -> Question:
    """One question the role may see, or 404."""
    question = (
        questions_visible(role)
        .filter(pk=question_id)
        .select_related("message", "member", "assignee", "thread", "service")
        .first()
    )
    if question is None:
        raise Http404("No such question")
    return question


def thread_get(role, thread_id) -> Thread:
    """One thread the role may act on, or 404: any of its service's with the inbox; for a
    partner specialist, only threads of questions assigned to them (404 for the others, so
    their ids reveal nothing)."""
    thread = conversation_selectors.thread_get(role, thread_id)
    if not role.can("inbox") and not questions_visible(role).filter(thread=thread).exists():
        raise Http404("No such conversation")
    return thread


def thread_questions(role, thread: Thread, limit: int = 20) -> list[Question]:
    """The thread's questions still needing attention, then the recently answered ones."""
    questions = (
        questions_visible(role)
        .filter(thread=thread)
        .exclude(status__in=(Question.Status.CANCELLED, Question.Status.CLOSED))
        .select_related("message", "member", "assignee", "thread", "service")
    )
    waiting = list(
        questions.filter(status__in=Question.WAITING).order_by(
            F("due_at").asc(nulls_last=True), "id"
        )[:limit]
    )
    recent = list(
        questions.exclude(status__in=Question.WAITING)
        .filter(answered_at__gte=local_midnight(role))
        .order_by("-answered_at")[:5]
    )
    return waiting + recent


STAFF, MEMBER_REPLY, MEMBER_OTHER = 0, 1, 2


def reply_candidates_many(questions, limit: int = 5):
    """(staff replies, member answers) per question id, in one query for all the questions
    (and one for the messages): see staff_reply_candidates and member_answer_candidates.

    Each question reads at most `limit` messages of each kind, from its thread's index
    (thread, created_at, id) at the question's time: the newest staff replies, the oldest
    replies to it and other members' messages. A question asked long ago in a busy group
    costs what a new one does, not the whole history since.
    """
    if not questions:
        return {}, {}
    picks = [
        Message.objects.filter(pk__in=Subquery(candidates.values("pk")[:limit]))
        .order_by()
        .annotate(for_question=Value(question.pk), kind=Value(kind))
        .values_list("pk", "for_question", "kind")
        for question in questions
        for kind, candidates in _candidates(question).items()
    ]
    rows = list(picks[0].union(*picks[1:], all=True))
    messages = Message.objects.select_related("member").in_bulk({pk for pk, _q, _k in rows})
    found: dict[tuple[int, int], list[Message]] = {}
    for pk, question_id, found_kind in rows:
        found.setdefault((question_id, found_kind), []).append(messages[pk])
    staff_replies: dict[int, list[Message]] = {}
    member_answers: dict[int, list[Message]] = {}
    for (question_id, found_kind), found_messages in found.items():
        if found_kind == STAFF:
            found_messages.sort(key=lambda m: (m.created_at, m.pk), reverse=True)
            staff_replies[question_id] = found_messages
        else:
            found_messages.sort(key=lambda m: (m.created_at, m.pk))
    for question in questions:
        replies = found.get((question.pk, MEMBER_REPLY), [])
        rest = found.get((question.pk, MEMBER_OTHER), [])
        if replies or rest:
            member_answers[question.pk] = replies + rest[: limit - len(replies)]
    return staff_replies, member_answers


def _candidates(question: Question) -> dict:
    """The messages that may answer one question, by kind, in the order they are picked."""
    answered = Answer.objects.filter(question_id=question.pk, message_id=OuterRef("pk"))
    after = Message.objects.filter(
        ~Exists(answered), thread_id=question.thread_id, created_at__gte=question.received_at
    )
    staff = after.filter(direction=Message.Direction.OUT, author__isnull=False)
    # Other members' messages (or unknown senders'), not the question itself.
    members = after.filter(direction=Message.Direction.IN).exclude(pk=question.message_id)
    if question.member_id is not None:
        members = members.exclude(member_id=question.member_id)
    return {
        STAFF: staff.order_by("-created_at", "-id"),
        MEMBER_REPLY: members.filter(reply_to_id=question.message_id).order_by("created_at", "id"),
        MEMBER_OTHER: members.exclude(reply_to_id=question.message_id).order_by("created_at", "id"),
    }


def staff_reply_candidates(question: Question, limit: int = 5) -> list[Message]:
    """Staff replies sent in the thread after the question, not yet linked to it."""
    return reply_candidates_many([question], limit)[0].get(question.pk, [])


def member_answer_candidates(question: Question, limit: int = 5) -> list[Message]:
    """Other members' messages that may answer the question: replies to it first."""
    return reply_candidates_many([question], limit)[1].get(question.pk, [])


def answers_many(questions) -> dict[int, list[Answer]]:
    """Per question id: its answers, oldest first; one query for all the questions."""
    found: dict[int, list[Answer]] = {q.pk: [] for q in questions}
    if questions:
        rows = Answer.objects.filter(question__in=[q.pk for q in questions]).select_related(
            "message", "faq_entry", "created_by"
        )
        for answer in rows:
            found[answer.question_id].append(answer)
    return found


def assignable_staff(role) -> list[StaffRole]:
    """Staff of the service who can answer questions."""
    roles = StaffRole.objects.filter(service_id=role.service_id).select_related("user")
    return [r for r in roles.order_by("user__email") if r.can("reply")]


def verification_counts(role, start, end) -> dict:
    """Member answers verified / verified with additions / corrected in a period."""
    rows = Answer.objects.filter(
        question__service_id=role.service_id,
        kind=Answer.Kind.MEMBER,
        created_at__gte=start,
        created_at__lt=end,
    ).values_list("verification", flat=True)
    counts = Counter(rows)
    return {value: counts.get(value, 0) for value in Answer.Verification.values if value}


def recent_alerts(role, limit: int = 10) -> list[QuestionEvent]:
    """Alerts about questions that still wait for an answer, newest first."""
    return list(
        QuestionEvent.objects.filter(
            question__in=questions_visible(role).filter(status__in=Question.WAITING),
            kind__in=(QuestionEvent.Kind.DUE_SOON, QuestionEvent.Kind.OVERDUE),
        )
        .select_related("question", "question__message")
        .order_by("-created_at")[:limit]
    )

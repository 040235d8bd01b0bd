"""Reads for questions; each takes the staff role first and stays inside its service.

A partner specialist sees only the questions assigned to them.
"""

from collections import Counter
from datetime import datetime, time

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from passerelle.conversations import selectors as conversation_selectors
from passerelle.conversations.models import Message, Thread
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
        questions = questions.filter(
            Q(message__text__icontains=query) | Q(member__display_name__icontains=query)
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


def staff_reply_candidates(question: Question, limit: int = 5) -> list[Message]:
    """Staff replies sent in the thread after the question, not yet linked to it."""
    return list(
        Message.objects.filter(
            thread_id=question.thread_id,
            direction=Message.Direction.OUT,
            author__isnull=False,
            created_at__gte=question.received_at,
        )
        .exclude(answers_given__question=question)
        .order_by("-created_at", "-id")[:limit]
    )


def member_answer_candidates(question: Question, limit: int = 5) -> list[Message]:
    """Other members' messages that may answer the question: replies to it first."""
    others = (
        Message.objects.filter(
            thread_id=question.thread_id,
            direction=Message.Direction.IN,
            created_at__gte=question.received_at,
        )
        .exclude(pk=question.message_id)
        .exclude(answers_given__question=question)
    )
    if question.member_id:
        others = others.exclude(member_id=question.member_id)
    replies = list(
        others.filter(reply_to_id=question.message_id)
        .select_related("member")
        .order_by("created_at")[:limit]
    )
    rest = list(
        others.exclude(reply_to_id=question.message_id)
        .select_related("member")
        .order_by("created_at")[: limit - len(replies)]
    )
    return replies + rest


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

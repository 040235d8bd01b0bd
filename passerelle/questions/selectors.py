"""Reads for questions; each takes the staff role first and stays inside its service.

A partner specialist sees only the questions assigned to them.
"""

from collections import Counter
from datetime import datetime, time

from django.db.models import Case, Exists, F, FilteredRelation, OuterRef, Q, Value, When, Window
from django.db.models.functions import RowNumber
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


STAFF, MEMBER_REPLY, MEMBER_OTHER = 0, 1, 2


def reply_candidates_many(questions, limit: int = 5):
    """(staff replies, member answers) per question id, in one query for all the questions
    (and one for the members' names): see staff_reply_candidates and
    member_answer_candidates."""
    if not questions:
        return {}, {}
    pair = FilteredRelation(
        "thread__questions", condition=Q(thread__questions__in=[q.pk for q in questions])
    )
    answered = Answer.objects.filter(question_id=OuterRef("asked__id"), message_id=OuterRef("pk"))
    staff = Q(direction=Message.Direction.OUT, author__isnull=False)
    other_member = (
        Q(member_id__isnull=True)
        | Q(asked__member_id__isnull=True)
        | ~Q(member_id=F("asked__member_id"))
    )
    member = Q(direction=Message.Direction.IN) & other_member & ~Q(pk=F("asked__message_id"))
    kind = Case(
        When(staff, then=Value(STAFF)),
        When(reply_to_id=F("asked__message_id"), then=Value(MEMBER_REPLY)),
        default=Value(MEMBER_OTHER),
    )
    is_staff = Q(kind=STAFF)
    # Staff replies newest first, members' messages oldest first (one kind per partition).
    rank = Window(
        RowNumber(),
        partition_by=[F("asked__id"), F("kind")],
        order_by=[
            Case(When(is_staff, then=F("created_at"))).desc(),
            Case(When(is_staff, then=F("id"))).desc(),
            Case(When(~is_staff, then=F("created_at"))).asc(),
            Case(When(~is_staff, then=F("id"))).asc(),
        ],
    )
    rows = (
        Message.objects.alias(asked=pair)
        # filter(~...), not exclude(): exclude() would join the questions a second time.
        .filter(
            ~Exists(answered),
            staff | member,
            asked__isnull=False,
            created_at__gte=F("asked__received_at"),
        )
        .annotate(for_question=F("asked__id"), kind=kind)
        .annotate(rank=rank)
        .filter(rank__lte=limit)
        .prefetch_related("member")
    )
    staff_replies: dict[int, list[Message]] = {}
    member_answers: dict[int, list[Message]] = {}
    found: dict[tuple[int, int], list[Message]] = {}
    for message in rows:
        found.setdefault((message.for_question, message.kind), []).append(message)
    for (question_id, found_kind), messages in found.items():
        if found_kind == STAFF:
            messages.sort(key=lambda m: (m.created_at, m.pk), reverse=True)
            staff_replies[question_id] = messages
        else:
            messages.sort(key=lambda m: (m.created_at, m.pk))
    for question in questions:
        replies = found.get((question.pk, MEMBER_REPLY), [])
        rest = found.get((question.pk, MEMBER_OTHER), [])
        if replies or rest:
            member_answers[question.pk] = replies + rest[: limit - len(replies)]
    return staff_replies, member_answers


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

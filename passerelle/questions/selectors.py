"""Reads for questions; each takes the staff role first and stays inside its service.

A partner specialist sees only the questions assigned to them.
"""

from collections import Counter
from datetime import datetime, time

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, Subquery
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
    parts, params = [], []
    for question in questions:
        for kind in (STAFF, MEMBER_REPLY, MEMBER_OTHER):
            sql, values = _candidates_sql(question, kind, limit)
            parts.append(f"SELECT * FROM ({sql}) AS part{len(parts)}")
            params += values
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
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


def _candidates_sql(question: Question, kind: int, limit: int) -> tuple[str, list]:
    """The messages of one kind that may answer one question, in the order they are picked.

    Written as SQL: the panel puts up to 75 of these in one UNION, and the ORM spent about
    a third of the inbox page's time building them (75 querysets, compiled each time).
    Messages of the question's thread since it was asked, not yet linked to it as an
    answer; staff replies (newest first), or other members' (or unknown senders')
    messages that reply to it, or that do not (oldest first).
    """
    message, answer = Message._meta.db_table, Answer._meta.db_table
    received = connection.ops.adapt_datetimefield_value(question.received_at)
    where = [
        "m.thread_id = %s",
        "m.created_at >= %s",
        f"NOT EXISTS (SELECT 1 FROM {answer} a WHERE a.question_id = %s AND a.message_id = m.id)",
    ]
    params: list = [question.thread_id, received, question.pk]
    if kind == STAFF:
        where += ["m.direction = %s", "m.author_id IS NOT NULL"]
        params.append(Message.Direction.OUT.value)
        order = "m.created_at DESC, m.id DESC"
    else:
        # NOT (x = v) would drop NULLs: a message of an unknown sender, or no reply, counts.
        where += ["m.direction = %s", "m.id <> %s", "(m.member_id IS NULL OR m.member_id <> %s)"]
        params += [Message.Direction.IN.value, question.message_id or 0, question.member_id or 0]
        if kind == MEMBER_REPLY:
            where.append("m.reply_to_id = %s")
        else:
            where.append("(m.reply_to_id IS NULL OR m.reply_to_id <> %s)")
        params.append(question.message_id or 0)
        order = "m.created_at ASC, m.id ASC"
    sql = (
        f"SELECT m.id, %s AS for_question, %s AS kind FROM {message} m"
        f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %s"
    )
    return sql, [question.pk, kind, *params, limit]


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


ALERT_KINDS = (QuestionEvent.Kind.OPENED, QuestionEvent.Kind.DUE_SOON)


def question_alerts_after(role, after_id: int | None, limit: int = 10):
    """The inbox's alerts about questions: opened or about to breach since the event
    `after_id` (None: none yet, only where the newest event stands). (events, cursor)."""
    events = QuestionEvent.objects.filter(question__in=questions_visible(role))
    if after_id is None:
        newest = events.order_by("-pk").values_list("pk", flat=True).first()
        return [], newest or 0
    found = list(
        events.filter(pk__gt=after_id, kind__in=ALERT_KINDS)
        .select_related("question__message")
        .order_by("pk")[:limit]
    )
    return found, found[-1].pk if found else after_id

"""What the question panel shows: shared by the inbox block, the question page and htmx."""

from django.utils import timezone

from passerelle.faq import texts
from passerelle.faq.canned import canned_text
from passerelle.faq.selectors import faq_documents, faq_suggestions
from passerelle.questions import selectors
from passerelle.questions.models import Question


def _language(question: Question) -> str:
    member = question.member
    return (member.language if member else "") or question.message.language


def question_card_context(
    role, question: Question, *, expanded=False, documents=None, error: str = "", notice: str = ""
) -> dict:
    """Everything one question card needs, for the role looking at it."""
    now = timezone.now()
    language = _language(question)
    can_reply = role.can("reply")
    context = {
        "role": role,
        "q": question,
        "expanded": expanded,
        "error": error,
        "notice": notice,
        "language": language,
        "overdue": question.is_waiting and question.due_at is not None and question.due_at <= now,
        "due_soon": (
            question.is_waiting
            and question.warn_at is not None
            and question.warn_at <= now < question.due_at
        ),
        "can_reply": can_reply,
        "can_moderate": role.can("moderate"),
        "answers": list(question.answers.select_related("message", "faq_entry", "created_by")),
    }
    if not can_reply:
        return context
    fresh, stale = faq_suggestions(role, question.message.text, language, documents=documents)
    name = question.member.display_name if question.member else ""
    ack_text, _used = canned_text(question.service, texts.ACKNOWLEDGEMENT, language, name=name)
    context.update(
        suggestions=fresh,
        stale_suggestions=stale,
        acknowledgement_text=ack_text,
        staff_replies=selectors.staff_reply_candidates(question),
        member_answers=(
            selectors.member_answer_candidates(question) if question.thread.kind == "group" else []
        ),
        staff=selectors.assignable_staff(role) if role.can("moderate") else [],
    )
    return context


def thread_panel_context(role, thread) -> dict:
    """The question cards of one conversation, for the inbox's question block."""
    questions = selectors.thread_questions(role, thread)
    documents = faq_documents(role) if questions and role.can("reply") else None
    # With a few questions every card is open; with many, the first due one is.
    expand_all = len(questions) <= 2
    cards = [
        question_card_context(role, q, expanded=expand_all or i == 0, documents=documents)
        for i, q in enumerate(questions)
    ]
    return {"role": role, "thread": thread, "cards": cards}

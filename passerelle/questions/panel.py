"""What the question panel shows: shared by the inbox block, the question page and htmx."""

from django.utils import timezone

from passerelle.faq import texts
from passerelle.faq.canned import canned_text
from passerelle.faq.selectors import canned_overrides, faq_corpus, faq_suggestions_many
from passerelle.questions import selectors
from passerelle.questions.models import Question

# Suggested answers on a card: the top three, ranked (docs/nlp.md "Suggested answers").
SUGGESTIONS = 3


def _language(question: Question) -> str:
    member = question.member
    return (member.language if member else "") or question.message.language


def question_card_context(
    role,
    question: Question,
    *,
    expanded=False,
    corpus=None,
    error: str = "",
    notice: str = "",
    known=None,
) -> dict:
    """Everything one question card needs, for the role looking at it.

    `known`: what thread_panel_context read once for all its cards (see _panel_facts);
    without it the card reads its own. A card not `expanded` is its summary only (a closed
    card of the panel): the rest is read when it is opened (the card view)."""
    if known is None and expanded:
        known = _panel_facts(role, [question], corpus=corpus)
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
    }
    if not expanded:
        return context
    context["answers"] = known["answers"].get(question.pk, [])
    if not can_reply:
        return context
    fresh, stale = known["suggestions"][question.pk]
    name = question.member.display_name if question.member else ""
    ack_text, _used = canned_text(
        question.service,
        texts.ACKNOWLEDGEMENT,
        language,
        name=name,
        overrides=known["canned"],
    )
    context.update(
        suggestions=fresh,
        stale_suggestions=stale,
        acknowledgement_text=ack_text,
        staff_replies=known["staff_replies"].get(question.pk, []),
        member_answers=(
            known["member_answers"].get(question.pk, []) if question.thread.kind == "group" else []
        ),
        staff=known["staff"],
    )
    return context


def _panel_facts(role, questions: list[Question], *, corpus=None) -> dict:
    """What the cards of `questions` need from the database, read once for all of them:
    a fixed number of queries however many cards there are."""
    known = {"answers": selectors.answers_many(questions)}
    if not role.can("reply"):
        return known
    staff_replies, member_answers = selectors.reply_candidates_many(questions)
    suggestions = faq_suggestions_many(
        role,
        [(q.message.text, _language(q)) for q in questions],
        corpus=corpus,
        limit=SUGGESTIONS,
    )
    known.update(
        suggestions={q.pk: found for q, found in zip(questions, suggestions, strict=True)},
        canned=canned_overrides(role),
        staff_replies=staff_replies,
        member_answers=member_answers,
        staff=selectors.assignable_staff(role) if role.can("moderate") else [],
    )
    return known


def thread_panel_context(role, thread) -> dict:
    """The question cards of one conversation, for the inbox's question block."""
    questions = selectors.thread_questions(role, thread)
    # With a few questions every card is open; with many, the first due one is, and the
    # others show their summary: their answers, suggestions (a sentence embedding each)
    # and forms are read and drawn when the moderator opens one. Twenty full cards were
    # half the inbox's time.
    opened = questions if len(questions) <= 2 else questions[:1]
    corpus = faq_corpus(role) if opened and role.can("reply") else None
    known = _panel_facts(role, opened, corpus=corpus)
    cards = [
        question_card_context(role, q, expanded=i < len(opened), known=known)
        for i, q in enumerate(questions)
    ]
    return {"role": role, "thread": thread, "cards": cards}

"""Template tags that put questions into other apps' pages (inbox block, navigation)."""

from django import template
from django.utils import timezone

from passerelle.questions.models import Question
from passerelle.questions.panel import thread_panel_context
from passerelle.questions.selectors import questions_visible

register = template.Library()


@register.inclusion_tag("questions/partials/_thread_panel.html", takes_context=True)
def thread_questions_panel(context):
    """The question cards of the conversation the inbox shows."""
    role, thread = context.get("role"), context.get("thread")
    panel = thread_panel_context(role, thread) if role and thread else {"cards": []}
    return {**panel, "request": context.get("request"), "csrf_token": context.get("csrf_token")}


@register.simple_tag
def overdue_question_count(role) -> int:
    """How many questions the role can see are past their due time (for the nav badge)."""
    if role is None or not role.can("read"):
        return 0
    return (
        questions_visible(role)
        .filter(status__in=Question.WAITING, due_at__lte=timezone.now())
        .count()
    )

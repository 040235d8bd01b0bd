"""The inbox's view of case notes: the notes about a message, for caseworkers only."""

from django import template

from passerelle.cases.selectors import notes_by_message

register = template.Library()


@register.simple_tag
def message_case_notes(role, thread, message) -> list:
    """The case notes about `message` (read once per thread and page): empty for anyone
    without "cases" — a partner, a volunteer or a viewer never sees one."""
    if thread is None or getattr(thread, "kind", "") != "private":
        return []
    cached = getattr(thread, "_case_notes", None)
    if cached is None:
        cached = notes_by_message(role, thread)
        thread._case_notes = cached
    return cached.get(message.pk, [])


@register.filter
def takes_case_notes(role) -> bool:
    """Whether the "note" action shows on a client's messages for this staff member."""
    return role is not None and role.can("cases") and role.service.mode == "one_to_one"

"""Template tags of the channels app: the admin link, and the send states in the inbox."""

from django import template

from passerelle.channels.selectors import send_summaries

register = template.Library()


@register.filter
def can_configure(role) -> bool:
    return bool(role is not None and role.can("configure"))


@register.inclusion_tag("channels/partials/_send_states.html")
def send_states(message):
    """How a staff message's sends stand: a badge per state, failures with their reason.

    Read by channels.selectors.send_summaries_attach when the page did it for all its
    messages at once, else here."""
    summary = getattr(message, "send_summary", None)
    if summary is None:
        summary = send_summaries([message.pk])[message.pk]
    return summary

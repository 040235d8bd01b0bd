"""`{{ text|highlight:query }}`: a search result's text with each match of the query marked."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, query):
    """Escape `text`, then wrap every case-insensitive match of `query` in <mark>."""
    text = str(text or "")
    if not query:
        return escape(text)
    pieces = re.split(f"({re.escape(query)})", text, flags=re.IGNORECASE)
    # Odd pieces are the matches (the split's capture group).
    return mark_safe(
        "".join(f"<mark>{escape(p)}</mark>" if i % 2 else escape(p) for i, p in enumerate(pieces))
    )

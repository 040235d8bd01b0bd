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


@register.filter
def detected_language_name(code):
    """ "ti|am" → "Tigrinya or Amharic": a detected language's name in the reader's language."""
    from passerelle.conversations.languages import detected_language_name as name

    return name(code or "")


@register.simple_tag
def detected_language_choices(current=""):
    """(code, name) pairs a moderator corrects a detected language with, the current one
    included when the list does not have it (a language nobody here was expected to write)."""
    from passerelle.conversations.languages import DETECTED_LANGUAGES

    choices = [(code, str(name)) for code, name in DETECTED_LANGUAGES.items()]
    if current and current not in DETECTED_LANGUAGES:
        choices.append((current, current))
    return choices


@register.filter
def assistance_on(service, part):
    """Whether a part of the language assistance runs for the service (docs/nlp.md)."""
    return service.assistance_on(part)

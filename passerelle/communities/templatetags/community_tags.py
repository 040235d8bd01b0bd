"""Template tags that put a service's guidelines into member-facing pages (web chat)."""

from django import template

from passerelle.communities.services import guidelines_current

register = template.Library()


@register.simple_tag
def guidelines_by_language(service) -> list[tuple[str, str, int]]:
    """[(language, full text, version)] of the current guidelines, one per service language."""
    guidelines = guidelines_current(service)
    if guidelines is None:
        return []
    languages = dict.fromkeys(service.languages or ["en"])
    return [(code, guidelines.render(code), guidelines.version) for code in languages]

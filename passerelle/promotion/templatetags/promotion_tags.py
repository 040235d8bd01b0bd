from django import template

from passerelle.promotion.selectors import activity_prompt_due

register = template.Library()


@register.simple_tag
def activity_prompt_waiting(role) -> bool:
    """Whether the group is quiet enough that a discussion prompt is suggested."""
    return activity_prompt_due(role)

"""Template tags that put moderation into the navigation of every service page."""

from django import template

from passerelle.moderation.selectors import queue_count

register = template.Library()


@register.filter
def role_can(role, capability: str) -> bool:
    """`{% if role|role_can:"moderate" %}`: templates cannot call role.can() themselves."""
    return bool(role is not None and role.can(capability))


@register.simple_tag
def moderation_queue_count(role) -> int:
    """How many join requests, removal proposals and reported messages wait."""
    return queue_count(role)

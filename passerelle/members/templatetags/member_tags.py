"""Showing members' addresses masked (`•••• 5678`) until a staff member who may see them
asks, one address at a time."""

from django import template
from django.utils.translation import gettext as _

from passerelle.common.text import masked as mask

register = template.Library()


@register.filter
def masked(address: str) -> str:
    """`{{ identity.address|masked }}` → `•••• 5678`."""
    return mask(address)


@register.filter
def can_reveal(role) -> bool:
    """`{% if role|can_reveal %}`: admins and moderators may reveal; partners, viewers never."""
    return bool(role is not None and role.can("reveal"))


@register.inclusion_tag("members/partials/_identities.html")
def identities(role, member):
    """A member's addresses, masked, each with its reveal button when the role may."""
    erased = member is None or member.erased_at is not None
    return {
        "role": role,
        "identities": [] if erased else list(member.identities.all()),
        "may_reveal": can_reveal(role),
    }


@register.filter
def member_name(member) -> str:
    """The member's name, or "Erased member" in the reader's language once erased."""
    if member is None:
        return ""
    return _("Erased member") if member.erased_at is not None else member.display_name


@register.filter(needs_autoescape=True)
def linkify(text: str, autoescape=True):
    """A member's words, escaped, with their links tappable: `rel` keeps the page's opener
    and its reputation away from links nobody checked (user-generated content)."""
    from django.utils.html import urlize
    from django.utils.safestring import mark_safe

    html = urlize(text or "", nofollow=False, autoescape=autoescape)
    # urlize escaped the text: the only anchors left are the ones it made.
    return mark_safe(html.replace("<a href=", '<a rel="noopener nofollow ugc" href='))


@register.filter
def ago(moment) -> str:
    """How long ago, in the reader's language; under a minute says "just now"."""
    from django.utils import timezone
    from django.utils.timesince import timesince

    if moment is None:
        return ""
    if (timezone.now() - moment).total_seconds() < 60:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment)}


@register.filter
def language_name(code: str) -> str:
    """`ar` → `العربية`: a language named in itself, as pickers and tags show it."""
    from django.conf import settings
    from django.utils.translation import get_language_info

    named = dict(settings.LANGUAGES)  # the interface's own names: العربية, Français, English
    if code in named:
        return named[code]
    try:
        name = get_language_info(code)["name_local"]
    except KeyError:
        return code or ""
    return name[:1].upper() + name[1:]

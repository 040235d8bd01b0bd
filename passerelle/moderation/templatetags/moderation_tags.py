"""Template tags that put moderation into the navigation of every service page."""

import re

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


@register.simple_tag(takes_context=True)
def clause_label(context, key: str, number=None) -> str:
    """A guideline clause as moderators read it: its number and title in the page's language
    (the clause's key is an internal code). The current guidelines are read once a page."""
    from django.utils.translation import get_language

    from passerelle.communities.services import guidelines_current

    if not key:
        return ""
    cache = context.render_context
    if "clause_guidelines" not in cache:
        role = context.get("role")
        cache["clause_guidelines"] = guidelines_current(role.service) if role else None
    guidelines = cache["clause_guidelines"]
    found = guidelines.clause(key) if guidelines is not None else None
    if found is None:
        return f"{number}. {key}" if number else key.replace("_", " ")
    found_number, clause = found
    language = (get_language() or "en").split("-")[0]
    titles = clause.get("title") or {}
    title = titles.get(language) or titles.get("en") or next(iter(titles.values()), key)
    return f"{number or found_number}. {title}"


# Where a membership change came from, in words (the stored tag is `<platform>:<word>`).
_VIA = {
    "moderator": gettext_lazy("by a moderator"),
    "erasure": gettext_lazy("data erasure"),
    "demo": gettext_lazy("demo data"),
    "web": gettext_lazy("on the web"),
    "cli": gettext_lazy("from the command line"),
    "import": gettext_lazy("imported history"),
}


@register.filter
def via_label(via: str) -> str:
    """`webchat:/leave` → "Web chat, wrote “/leave”"; `telegram:left` → "Telegram, left"."""
    from passerelle.channels.types.registry import UnknownChannelType, get

    if not via:
        return ""
    if via in _VIA:
        return str(_VIA[via])
    platform, _sep, word = via.partition(":")
    try:
        name = get(platform).name
    except UnknownChannelType:
        return via
    if not word or word == "message":
        return name
    if word == "left":
        return _("%(platform)s, left the group there") % {"platform": name}
    if word in ("join", "joined", "start", "member_joined"):
        return _("%(platform)s, joined there") % {"platform": name}
    return _("%(platform)s, wrote “%(word)s”") % {"platform": name, "word": word}


_WARNINGS_REASON = re.compile(r"^(\d+) warnings \(the limit is (\d+)\)$")
# Reasons the system writes (stored in English by the worker and the demo), shown to
# moderators in their own language.
_SYSTEM_REASONS = {
    "Another off-topic post after a reminder": gettext_lazy(
        "Another off-topic post after a reminder"
    ),
    "Looks like a phone number": gettext_lazy("Looks like a phone number"),
}


@register.filter
def reason_text(reason: str) -> str:
    """A stored reason in the reader's language when the system wrote it; a person's own
    words are shown as written."""
    found = _WARNINGS_REASON.match(reason or "")
    if found:
        count, limit = int(found[1]), int(found[2])
        return _("%(count)d warnings (the limit is %(limit)d)") % {"count": count, "limit": limit}
    return str(_SYSTEM_REASONS.get(reason, reason))

"""Reads for promotion: the library, texts filled for a channel, and whether the group has
gone quiet long enough to suggest a discussion prompt."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from passerelle.conversations.models import Message, MessageDay, Thread
from passerelle.orgs.models import Service
from passerelle.promotion.models import LibraryText
from passerelle.promotion.services import promotion_settings_for


def _texts(role):
    if role is None or not role.can("read"):
        return LibraryText.objects.none()
    return LibraryText.objects.filter(service_id=role.service_id)


def library_for(role, kind: str):
    """The service's key messages or discussion prompts, oldest first (seeded first)."""
    if role is not None and role.can("read"):
        promotion_settings_for(role.service)  # seeds the library the first time
    return _texts(role).filter(kind=kind).order_by("id")


def library_text_get(role, text_id) -> LibraryText:
    """One text of the role's service, or 404."""
    text = _texts(role).filter(pk=text_id).first()
    if text is None:
        raise Http404("No such text")
    return text


def filled(text: str, *, service: Service, join_link: str) -> str:
    """A library text with its placeholders filled; an unknown {word} stays as typed."""
    return text.replace("{service_name}", service.name).replace("{join_link}", join_link)


# -- activity prompts ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityPrompt:
    quiet_days: int
    # The last local day a member wrote in the group (None: never).
    last_member_day: date | None
    prompt: LibraryText
    text: str
    language: str
    # Where the moderator posts it: the posts composer, or the group's reply box.
    post_url: str


def last_member_day(service) -> date | None:
    """The last local day a member wrote in the group: the daily counts the reports keep
    (conversations.MessageDay, a handful of rows a day), never the messages themselves."""
    return MessageDay.objects.filter(
        service_id=service.pk,
        thread_kind=Thread.Kind.GROUP,
        direction=Message.Direction.IN,
        staff=False,
        n__gt=0,
    ).aggregate(last=Max("day"))["last"]


def composer_url(service, text: str) -> str:
    """The posts composer with the prompt filled in, as a discussion prompt (the posts app's
    own type slug, seeded by posts.services.post_types_ensure)."""
    query = urlencode({"type": "discussion-prompt", "text": text})
    return f"{reverse('posts:new', args=[service.slug])}?{query}"


def _quiet(role, today: date | None):
    """(days quiet, last member day, the prompt dismissed last) when a suggestion is due,
    else None."""
    if role is None or not role.can("moderate"):
        return None
    service = role.service
    if service.mode != Service.Mode.INTERACTIVE:
        return None
    settings = promotion_settings_for(service)
    if settings.quiet_days <= 0:
        return None
    today = today or timezone.localdate(timezone=service.tz)
    last = last_member_day(service)
    # Silence counts from the last member message (or the service's start); a dismissed
    # suggestion waits another full quiet period.
    silent_from = last or timezone.localdate(service.created_at, service.tz)
    since = max(d for d in (silent_from, settings.prompt_dismissed_on) if d)
    if (today - since).days < settings.quiet_days:
        return None
    return (today - silent_from).days, last, settings.prompt_dismissed_id


def activity_prompt_due(role, *, today: date | None = None) -> bool:
    """Whether a discussion prompt is suggested now (the navigation's badge)."""
    return _quiet(role, today) is not None


def activity_prompt_for(role, *, today: date | None = None) -> ActivityPrompt | None:
    """The discussion prompt to suggest when the group has had no member message for the
    service's number of quiet days; None when it is off, not due, or not the role's to post.

    Only interactive services have a group members write in; a one-way or one-to-one
    service has nothing to revive. A reload shows the same prompt; after a dismissal the
    next silence brings the next one of the library.
    """
    quiet = _quiet(role, today)
    if quiet is None:
        return None
    days, last, dismissed_id = quiet
    service = role.service
    prompts = list(_texts(role).filter(kind=LibraryText.Kind.DISCUSSION_PROMPT).order_by("id"))
    if not prompts:
        return None
    prompt = next((p for p in prompts if p.pk > (dismissed_id or 0)), prompts[0])
    text = prompt.text_for(service.default_language)
    return ActivityPrompt(
        quiet_days=days,
        last_member_day=last,
        prompt=prompt,
        text=str(text),
        language=text.language,
        post_url=composer_url(service, text),
    )

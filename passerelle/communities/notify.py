"""Saying something to a member or to the group, in the right language and wording.

Texts come from a catalog (communities.texts, moderation.texts) unless the service has
reworded the key in a ServiceText row; messages go out with no staff author.

`send=False` is for actions recorded as history (demo seeds, imports): the text is stored
in the thread at `at`, as it was said then, and nothing is sent. A sent text goes now.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from passerelle.common.memo import in_scope, once
from passerelle.common.text import pick_text
from passerelle.communities.models import ServiceText
from passerelle.communities.texts import TEXTS
from passerelle.conversations.services import (
    group_thread_for,
    message_record,
    message_send,
    message_send_system,
    private_thread_for,
)


def member_language(service, member) -> str:
    """The member's language if the service speaks it, else the service's default."""
    language = getattr(member, "language", "") or ""
    return language if language in (service.languages or []) else service.default_language


def guidelines_url(service, guidelines=None, language: str = "") -> str:
    """Public link to one version of the guidelines (the current one without a version)."""
    if guidelines is not None:
        path = reverse("communities:guidelines_version", args=[service.slug, guidelines.version])
    else:
        path = reverse("communities:guidelines_public", args=[service.slug])
    return f"{settings.PUBLIC_URL}{path}" + (f"?lang={language}" if language else "")


class _KeepMissing(dict):
    # A placeholder an administrator mistyped stays visible instead of crashing a send.
    def __missing__(self, key):
        return "{" + key + "}"


def render(service, key: str, language: str, catalog=TEXTS, **params) -> str:
    """One text in one language, the service's own wording first."""
    if in_scope():
        # Within an event every text it says comes from one read of the service's wordings.
        texts = once(("service_texts", service.pk), lambda: service_texts(service))
        return _render(texts.get(key) or {}, service, key, language, catalog, params)
    override = (
        ServiceText.objects.filter(service=service, key=key).values_list("texts", flat=True).first()
        or {}
    )
    return _render(override, service, key, language, catalog, params)


def service_texts(service) -> dict:
    """The service's own wordings, key -> texts, in one read (a sweep renders many)."""
    return dict(ServiceText.objects.filter(service=service).values_list("key", "texts"))


def render_with(texts: dict, service, key: str, language: str, catalog=TEXTS, **params) -> str:
    """render with the service's wordings already read (service_texts)."""
    return _render(texts.get(key) or {}, service, key, language, catalog, params)


def _render(override: dict, service, key: str, language: str, catalog, params: dict) -> str:
    entry = catalog[key]
    template = (
        override.get(language)
        or entry.get(language)
        or entry.get(service.default_language)
        or entry["en"]
    )
    params.setdefault("service", service.name)
    try:
        return template.format_map(_KeepMissing(params))
    except (ValueError, IndexError, AttributeError):
        return template


def member_notify(
    *,
    service,
    member,
    key: str,
    catalog=TEXTS,
    language: str = "",
    pin_channel=None,
    pin_recipient: str = "",
    send: bool = True,
    at=None,
    **params,
):
    """Send one text privately to a member (on one channel only when pinned)."""
    language = language or member_language(service, member)
    text = render(service, key, language, catalog, **params)
    thread = private_thread_for(service, member)
    if not send:
        return _record(thread, text, language, at)
    return message_send(
        thread=thread,
        text=text,
        language=language,
        pin_channel=pin_channel,
        pin_recipient=pin_recipient,
    )


def _record(thread, text, language, at):
    return message_record(
        thread=thread, direction="out", text=text, language=language, at=at or timezone.now()
    )


def member_notify_text(
    *, service, member, text: str, language: str = "", send: bool = True, at=None
):
    """Send an already rendered text privately to a member."""
    language = language or member_language(service, member)
    thread = private_thread_for(service, member)
    if not send:
        return _record(thread, text, language, at)
    return message_send_system(thread=thread, text=text, language=language)


def _in_language(params: dict, language: str, service) -> dict:
    return {
        name: pick_text(value, language, service.default_language)
        if isinstance(value, dict)
        else value
        for name, value in params.items()
    }


def group_notify(*, service, key: str, catalog=TEXTS, send: bool = True, at=None, **params):
    """Post one text to the group, once in each of the service's languages; a parameter
    given per language ({"ar": …, "fr": …}) is filled in each text's own language."""
    languages = list(dict.fromkeys(service.languages or ["en"]))
    text = "\n\n".join(
        render(service, key, lang, catalog, **_in_language(params, lang, service))
        for lang in languages
    )
    thread = group_thread_for(service)
    if not send:
        return _record(thread, text, service.default_language, at)
    return message_send_system(thread=thread, text=text, language=service.default_language)

"""The web chat as an app a member keeps: its manifest, its service worker (the page shell
kept for slow or no connection, push notifications shown) and the visitor's push
subscriptions. The page itself is webchat.py's."""

import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from passerelle.channels.types.webchat.push import (
    SubscriptionRejected,
    push_subscription_delete,
    push_subscription_save,
)
from passerelle.member_pages.webchat import _channel, _visitor

# Bumped when the shell changes shape: an old worker's cache is then dropped.
SHELL_VERSION = "1"
SHELL_FILES = (
    "web/passerelle.css",
    "member_pages/media.css",
    "webchat/webchat.css",
    "web/passerelle.js",
    "web/confirm.js",
    "member_pages/media.js",
    "webchat/webchat.js",
    "webchat/app.js",
    "webchat/icon-192.png",
)
THEME = "#17325c"


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@require_GET
def manifest(request, channel_uuid):
    """The web app manifest: installing the chat puts the service on the home screen."""
    channel = _channel(channel_uuid)
    page_url = reverse("webchat:page", args=[channel.uuid])
    name = channel.service.name
    icons = [
        {"src": static(f"webchat/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
        for n in (192, 512)
    ]
    # The icon's drawing keeps inside the middle 60 %: it also serves as a maskable one.
    icons.append({**icons[1], "purpose": "maskable"})
    body = {
        "id": page_url,
        "name": name,
        "short_name": name if len(name) <= 12 else name[:11] + "…",
        "description": str(channel.service.purpose_for(_language()) or name),
        "start_url": page_url,
        "scope": page_url,
        "display": "standalone",
        "lang": _language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "background_color": "#f6f7f9",
        "theme_color": THEME,
        "icons": icons,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request, channel_uuid):
    """The page's service worker, from the chat's own path so its scope is the chat."""
    channel = _channel(channel_uuid)
    page_url = reverse("webchat:page", args=[channel.uuid])
    settings = {
        "cache": f"passerelle-webchat-{channel.uuid}-{SHELL_VERSION}",
        "page": page_url,
        "feed": reverse("webchat:feed", args=[channel.uuid]),
        "shell": [page_url] + [static(path) for path in SHELL_FILES],
        "icon": static("webchat/icon-192.png"),
        "lang": _language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "offlineTitle": _("You are offline"),
        "offlineText": _(
            "This page needs a connection the first time. Come back when you are online."
        ),
        "newMessage": _("New message"),
    }
    response = render(
        request,
        "webchat/sw.js",
        {"settings": json.dumps(settings, ensure_ascii=False)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = page_url
    # A browser checks for a new worker at most once a day anyway; never keep a stale one.
    response["Cache-Control"] = "no-cache"
    return response


def _body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@require_POST
def push_subscribe(request, channel_uuid):
    """Keep the push subscription the visitor's browser made (CSRF-checked, their cookie
    says who): replies to them are then announced on their phone."""
    channel = _channel(channel_uuid)
    visitor = _visitor(request, channel)
    if visitor is None:
        refused = _("Open the chat page again, then turn notifications on.")
        return JsonResponse({"error": refused}, status=403)
    data = _body(request)
    try:
        push_subscription_save(
            channel=channel,
            address=visitor,
            subscription=data.get("subscription"),
            language=_language(),
        )
    except SubscriptionRejected as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"subscribed": True}, status=201)


@require_POST
def push_unsubscribe(request, channel_uuid):
    """Forget one of the visitor's subscriptions (they turned notifications off)."""
    channel = _channel(channel_uuid)
    visitor = _visitor(request, channel)
    endpoint = _body(request).get("endpoint")
    if visitor is None or not isinstance(endpoint, str):
        return JsonResponse({"removed": 0})
    removed = push_subscription_delete(channel=channel, address=visitor, endpoint=endpoint)
    return JsonResponse({"removed": removed})

"""The web chat a member opens on a phone: no app, no account, a cookie and a token."""

import secrets

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from passerelle.channels.models import Channel
from passerelle.channels.types.webchat.push import vapid_keys_ensure
from passerelle.channels.types.webchat.type import visitor_token
from passerelle.member_pages.feed import feed_response
from passerelle.member_pages.uploads import file_response, upload_response

COOKIE = "passerelle_webchat"
COOKIE_AGE = 365 * 24 * 3600


def _channel(channel_uuid) -> Channel:
    channel = Channel.objects.filter(uuid=channel_uuid, type="webchat", is_active=True).first()
    if channel is None:
        raise Http404("No such chat")
    return channel


def _visitor(request, channel) -> str | None:
    return request.get_signed_cookie(f"{COOKIE}_{channel.pk}", default=None, salt="webchat")


def page(request, channel_uuid):
    channel = _channel(channel_uuid)
    visitor = _visitor(request, channel) or secrets.token_hex(12)
    response = render(
        request,
        "webchat/page.html",
        {
            "channel": channel,
            "service": channel.service,
            # The page's language (the browser's), else the service's default.
            "purpose": channel.service.purpose_for((get_language() or "en").split("-")[0]),
            "languages": channel.service.languages or ["en"],
            "visitor": visitor,
            "token": visitor_token(channel.secrets["signing_secret"], visitor),
            "webhook_url": reverse("channels:webhook", args=[channel.uuid]),
            # Made now for a channel connected before push existed.
            "vapid_public_key": vapid_keys_ensure(channel),
            "page_language": (get_language() or "en").split("-")[0],
            # The interface's languages, each named in itself; the choice is kept in
            # Django's language cookie, so the page opens in it next time.
            "page_languages": settings.LANGUAGES,
        },
    )
    response.set_signed_cookie(
        f"{COOKIE}_{channel.pk}",
        visitor,
        salt="webchat",
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def feed(request, channel_uuid):
    channel = _channel(channel_uuid)
    visitor = _visitor(request, channel)
    if visitor is None:
        return JsonResponse({"messages": []})
    try:
        after = int(request.GET.get("after", 0))
    except ValueError:
        after = 0
    return feed_response(
        channel, visitor, after, lambda token: reverse("webchat:file", args=[channel.uuid, token])
    )


@require_POST
def upload(request, channel_uuid):
    """Store a file the visitor is about to send (CSRF-checked, their cookie says who)."""
    channel = _channel(channel_uuid)
    visitor = _visitor(request, channel)
    if visitor is None:
        refused = _("Open the chat page again, then send the file.")
        return JsonResponse({"error": refused}, status=403)
    return upload_response(request, channel, visitor)


@require_GET
def file(request, channel_uuid, token):
    """One of the visitor's own files, back to them only."""
    channel = _channel(channel_uuid)
    visitor = _visitor(request, channel)
    return file_response(channel, token, visitor)

"""The simulator page: play a newcomer; every post goes through the signed webhook.

Staff only: the page signs any sender and its feed shows any member's private thread, so
it opens only to a staff member of the channel's service (`passerelle demo` creates the
one simulator a fresh install has; an administrator adds others with `channel add`).
"""

import json
import time
import uuid
from functools import wraps
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from passerelle.channels.models import Channel
from passerelle.channels.native_files import native_file_get
from passerelle.channels.types.native import sign
from passerelle.member_pages.feed import feed_response
from passerelle.member_pages.uploads import file_response, upload_response
from passerelle.orgs.selectors import role_for

STYLES = ["telegram", "whatsapp", "sms", "messenger", "webchat"]


def _channel(request, channel_uuid) -> Channel:
    channel = (
        Channel.objects.filter(uuid=channel_uuid, type="simulator", is_active=True)
        .select_related("service")
        .first()
    )
    if channel is None:
        raise Http404("No such simulator")
    # Fails closed: another service's staff get the same 404 as a wrong address.
    role_for(request.user, channel.service.slug, "read")
    return channel


def _staff_json(view):
    # The page sends a visitor to the login form; its JSON endpoints answer 403.
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return JsonResponse({"error": "log in as staff of this service"}, status=403)

    return wrapped


@login_required
def page(request, channel_uuid):
    channel = _channel(request, channel_uuid)
    return render(
        request,
        "simulator/page.html",
        {
            "channel": channel,
            "service": channel.service,
            "languages": channel.service.languages or ["en"],
            "styles": STYLES,
            "webhook_url": reverse("channels:webhook", args=[channel.uuid]),
        },
    )


@require_POST
@_staff_json
def sign_body(request, channel_uuid):
    """Build and sign the body a platform would send; the page then POSTs it to the webhook."""
    channel = _channel(request, channel_uuid)
    try:
        data = json.loads(request.body)
        sender = {k: str(data["sender"][k])[:200] for k in ("id", "name", "language")}
        chat = data.get("chat", "private")
        kind = data.get("type", "message")
        text = str(data.get("text", ""))[:4000]
        file_token = data.get("file")
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse(
            {"error": "sender.id, sender.name and sender.language are required"}, status=400
        )
    if chat not in ("group", "private") or kind not in ("message", "join", "join_request", "leave"):
        return JsonResponse({"error": "chat must be group or private"}, status=400)
    attached = None
    if file_token is not None:
        # Only a file uploaded on this simulator as this very sender.
        attached = native_file_get(channel, file_token, address=sender["id"])
        if attached is None or kind != "message":
            return JsonResponse({"error": "no such file: upload it again"}, status=400)
    if kind == "message" and not text.strip() and attached is None:
        return JsonResponse({"error": "write a message first"}, status=400)
    event_id = f"sim-{uuid.uuid4()}"
    envelope = {
        "event_id": event_id,
        "type": kind,
        "sender": sender,
        "chat": chat,
        "text": text,
        "media": attached.kind if attached else "text",
        "message_id": event_id,
        "timestamp": int(time.time()),
    }
    if attached is not None:
        envelope.update(file=attached.token, file_name=attached.file_name)
    body = json.dumps(envelope, ensure_ascii=False)
    signature = sign(channel.secrets["signing_secret"], body.encode())
    return JsonResponse({"body": body, "signature": signature})


@_staff_json
def feed(request, channel_uuid):
    channel = _channel(request, channel_uuid)
    try:
        after = int(request.GET.get("after", 0))
    except ValueError:
        after = 0
    return feed_response(
        channel,
        request.GET.get("as"),
        after,
        lambda token: (
            reverse("simulator:file", args=[channel.uuid, token])
            + "?as="
            + quote(request.GET.get("as") or "")
        ),
    )


@require_POST
@_staff_json
def upload(request, channel_uuid):
    """Store a file the played newcomer (`as`) is about to send; the page then signs it."""
    channel = _channel(request, channel_uuid)
    return upload_response(request, channel, str(request.POST.get("as", ""))[:200])


@_staff_json
def file(request, channel_uuid, token):
    """A file the played newcomer (`as`) sent, back to the simulator page."""
    channel = _channel(request, channel_uuid)
    return file_response(channel, token, request.GET.get("as"))

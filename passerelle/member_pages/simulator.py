"""The simulator page: play a newcomer; every post goes through the signed webhook."""

import json
import time
import uuid

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from passerelle.channels.models import Channel
from passerelle.channels.types.native import sign
from passerelle.member_pages.feed import feed_response

STYLES = ["telegram", "whatsapp", "sms", "messenger", "webchat"]


def _channel(channel_uuid) -> Channel:
    channel = Channel.objects.filter(uuid=channel_uuid, type="simulator", is_active=True).first()
    if channel is None:
        raise Http404("No such simulator")
    return channel


def page(request, channel_uuid):
    channel = _channel(channel_uuid)
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
def sign_body(request, channel_uuid):
    """Build and sign the body a platform would send; the page then POSTs it to the webhook."""
    channel = _channel(channel_uuid)
    try:
        data = json.loads(request.body)
        sender = {k: str(data["sender"][k])[:200] for k in ("id", "name", "language")}
        chat = data.get("chat", "private")
        kind = data.get("type", "message")
        text = str(data.get("text", ""))[:4000]
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": "sender.id, sender.name and sender.language are required"}, status=400
        )
    if chat not in ("group", "private") or kind not in ("message", "join", "join_request", "leave"):
        return JsonResponse({"error": "chat must be group or private"}, status=400)
    if kind == "message" and not text.strip():
        return JsonResponse({"error": "write a message first"}, status=400)
    event_id = f"sim-{uuid.uuid4()}"
    body = json.dumps(
        {
            "event_id": event_id,
            "type": kind,
            "sender": sender,
            "chat": chat,
            "text": text,
            "media": "text",
            "message_id": event_id,
            "timestamp": int(time.time()),
        },
        ensure_ascii=False,
    )
    signature = sign(channel.secrets["signing_secret"], body.encode())
    return JsonResponse({"body": body, "signature": signature})


def feed(request, channel_uuid):
    channel = _channel(channel_uuid)
    try:
        after = int(request.GET.get("after", 0))
    except ValueError:
        after = 0
    return feed_response(channel, request.GET.get("as"), after)

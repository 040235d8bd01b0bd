"""The one webhook endpoint every platform calls: verify, store once, answer fast."""

import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from passerelle.channels.models import Channel
from passerelle.channels.services import raw_event_store
from passerelle.channels.types.base import WebhookRejected
from passerelle.channels.types.registry import UnknownChannelType
from passerelle.common.text import has_surrogates, without_nul

log = logging.getLogger(__name__)
# RawEvent.external_id's length: a longer id would fail the insert on PostgreSQL.
MAX_EVENT_ID = 200


def _reject(channel_id, message: str, status: int) -> JsonResponse:
    log.warning("webhook for channel %s rejected (%s): %s", channel_id, status, message)
    response = JsonResponse({"error": message}, status=status)
    # Logged once, above: Django would log every 4xx a second time (django.request).
    response._has_been_logged = True
    return response


def _event_id_problem(external_id) -> str:
    """Why a type's event id cannot be stored ('' when it can)."""
    if not isinstance(external_id, str) or not external_id:
        return "no event id"
    if len(external_id) > MAX_EVENT_ID:
        return "event id is too long"
    if has_surrogates(external_id):
        # Replacing the half-pair would make two different ids one (and drop a delivery
        # as a duplicate): an id that is not valid text is refused instead.
        return "event id is not valid text"
    return ""


# Looking a channel up (a query plus decrypting its secrets) was a quarter of a webhook's
# cost; platforms call the same few URLs thousands of times, so each web process keeps
# the row a few seconds. A deactivated channel or a rotated secret applies within the TTL.
# Only channels found are kept, least recently used evicted first: anyone can call with
# random UUIDs, and those must neither fill the cache nor push the real channels out.
CHANNEL_CACHE_SIZE = 512
_channel_cache: OrderedDict = OrderedDict()
_channel_cache_lock = threading.Lock()


def _active_channel(channel_uuid):
    now = time.monotonic()
    with _channel_cache_lock:
        hit = _channel_cache.get(channel_uuid)
        if hit is not None and now - hit[0] < settings.WEBHOOK_CHANNEL_CACHE_SECONDS:
            _channel_cache.move_to_end(channel_uuid)
            return hit[1]
    channel = (
        Channel.objects.select_related("org").filter(uuid=channel_uuid, is_active=True).first()
    )
    with _channel_cache_lock:
        if channel is None:
            _channel_cache.pop(channel_uuid, None)
            return None
        _channel_cache[channel_uuid] = (now, channel)
        _channel_cache.move_to_end(channel_uuid)
        while len(_channel_cache) > CHANNEL_CACHE_SIZE:
            _channel_cache.popitem(last=False)
    return channel


@csrf_exempt
def webhook(request, channel_uuid):
    """Receive one platform delivery; a worker processes it later (inbound.raw_events_claim)."""
    channel = _active_channel(channel_uuid)
    if channel is None:
        return _reject(channel_uuid, "unknown channel", 404)
    try:
        channel_type = channel.channel_type
    except UnknownChannelType:
        return _reject(channel.pk, f"channel type {channel.type!r} is not installed", 404)
    # Some platforms verify the URL with a GET challenge; a type opts in with `challenge`.
    if request.method == "GET" and hasattr(channel_type, "challenge"):
        return channel_type.challenge(channel, request)
    if request.method != "POST":
        return _reject(channel.pk, "only POST is accepted", 405)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    # Checked before reading: Django refuses to read a body past DATA_UPLOAD_MAX_MEMORY_SIZE.
    if declared > settings.WEBHOOK_MAX_BYTES:
        return _reject(channel.pk, "body too large", 413)
    try:
        too_large = len(request.body) > settings.WEBHOOK_MAX_BYTES
    except RequestDataTooBig:
        too_large = True
    if too_large:
        return _reject(channel.pk, "body too large", 413)
    try:
        channel_type.verify(channel, request)
        external_id = channel_type.event_id(channel, request.body, request)
        body = request.body.decode("utf-8")
    except WebhookRejected as exc:
        return _reject(channel.pk, str(exc), exc.status)
    except UnicodeDecodeError:
        return _reject(channel.pk, "body is not UTF-8", 400)
    if problem := _event_id_problem(external_id):
        return _reject(channel.pk, problem, 400)
    # A NUL from a fuzzer or a broken client must not turn into a 500 on PostgreSQL.
    stored = raw_event_store(
        channel=channel, external_id=without_nul(external_id), body=without_nul(body)
    )
    ack = getattr(channel_type, "acknowledge", None)
    if ack is not None:
        return ack(channel, request)
    return HttpResponse("ok" if stored else "duplicate", content_type="text/plain")

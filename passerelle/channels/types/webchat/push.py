"""Web Push for the web chat: a visitor's browser is told a reply is waiting (RFC 8030),
the message encrypted to the browser's keys (RFC 8291, aes128gcm) and signed with the
channel's VAPID key (RFC 8292).

Each web chat channel has its own VAPID key pair: the private key in the encrypted
`channel.secrets`, the public one (what the page subscribes with) in `channel.config`.
Made when the channel is connected, or on first use for a channel older than push.

A push only nudges: the message itself is on the page. So a push never fails a send; a
404 or 410 (the browser unsubscribed) forgets the subscription; a 429 or 5xx is tried
once more after a short wait (Retry-After, at most PUSH_RETRY_WAIT_MAX), then dropped.
"""

import base64
import json
import logging
import time
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from passerelle.channels.models import Channel, PushSubscription

log = logging.getLogger(__name__)

PUSH_ATTEMPTS = 2
PUSH_RETRY_WAIT_MAX = 2.0
PUSH_TIMEOUT = 5.0
PUSH_TTL = 24 * 3600
BODY_LENGTH = 80


class SubscriptionRejected(ValueError):
    """A subscription the page sent that Passerelle will not push to (said to the page)."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_keys_ensure(channel: Channel) -> str:
    """The channel's VAPID public key (base64url, uncompressed P-256 point), made and
    stored now if the channel has none yet."""
    if channel.config.get("vapid_public_key") and channel.secrets.get("vapid_private_key"):
        return channel.config["vapid_public_key"]
    with transaction.atomic():
        # Locked and read again: two first page loads must not each make a key pair.
        locked = Channel.objects.select_for_update().get(pk=channel.pk)
        if not (locked.config.get("vapid_public_key") and locked.secrets.get("vapid_private_key")):
            key = ec.generate_private_key(ec.SECP256R1())
            raw = key.private_numbers().private_value.to_bytes(32, "big")
            point = key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
            locked.secrets = {**locked.secrets, "vapid_private_key": b64url(raw)}
            locked.config = {**locked.config, "vapid_public_key": b64url(point)}
            locked.save(update_fields=["secrets", "config"])
            log.info("channel %s: VAPID key pair made", channel.pk)
    channel.secrets, channel.config = locked.secrets, locked.config
    return channel.config["vapid_public_key"]


def _allowed_endpoint(endpoint: str) -> bool:
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    for entry in settings.WEBPUSH_ENDPOINT_HOSTS:
        scheme, _sep, allowed = entry.rpartition("://")
        if parts.scheme == (scheme or "https") and (
            host == allowed or host.endswith("." + allowed)
        ):
            return True
    return False


def push_subscription_save(
    *, channel: Channel, address: str, subscription: dict, language: str = ""
) -> PushSubscription:
    """Keep the subscription a visitor's browser made (the PushSubscription's JSON);
    raises SubscriptionRejected for a malformed one or one at an unknown push service."""
    try:
        endpoint = str(subscription["endpoint"])
        p256dh = str(subscription["keys"]["p256dh"])
        auth = str(subscription["keys"]["auth"])
        point, secret = b64url_decode(p256dh), b64url_decode(auth)
    except (KeyError, TypeError, ValueError):
        raise SubscriptionRejected(_("This browser sent a subscription we cannot read.")) from None
    if len(endpoint) > 1000 or len(point) != 65 or len(secret) != 16:
        raise SubscriptionRejected(_("This browser sent a subscription we cannot read."))
    # Only the browsers' push services (settings.WEBPUSH_ENDPOINT_HOSTS): a visitor must
    # not make the server post to an address of their choosing.
    if not _allowed_endpoint(endpoint):
        raise SubscriptionRejected(_("This browser's notification service is not supported."))
    found, _created = PushSubscription.objects.update_or_create(
        channel=channel,
        endpoint=endpoint,
        defaults={
            "org_id": channel.org_id,
            "address": address[:200],
            "p256dh": p256dh,
            "auth": auth,
            "language": language[:12],
        },
    )
    return found


def push_subscription_delete(*, channel: Channel, address: str, endpoint: str) -> int:
    """Forget one of a visitor's subscriptions (they turned notifications off)."""
    return PushSubscription.objects.filter(
        channel=channel, address=address, endpoint=endpoint
    ).delete()[0]


def push_shows_text_set(*, channel: Channel, shown: bool) -> Channel:
    """Whether this channel's notifications show the beginning of the message (off by
    default: a lock screen may be seen by others)."""
    with transaction.atomic():
        # The row as it is now: a stale copy's config would drop the VAPID public key.
        locked = Channel.objects.select_for_update().get(pk=channel.pk)
        locked.config = {**locked.config, "push_shows_text": bool(shown)}
        locked.save(update_fields=["config"])
    channel.config = locked.config
    return channel


def _payload(channel: Channel, subscription: PushSubscription, text: str) -> str:
    if channel.config.get("push_shows_text") and text.strip():
        body = text.strip()
        body = body if len(body) <= BODY_LENGTH else body[: BODY_LENGTH - 1] + "…"
    else:
        with translation.override(subscription.language or channel.service.default_language):
            body = _("New message")
    return json.dumps(
        {"title": channel.service.name, "body": body, "tag": f"passerelle-{channel.uuid}"},
        ensure_ascii=False,
    )


def _contact() -> str:
    if settings.WEBPUSH_CONTACT:
        return settings.WEBPUSH_CONTACT
    public = settings.PUBLIC_URL
    return public if public.startswith("https://") else "mailto:webpush@passerelle.invalid"


def _retry_wait(value) -> float:
    try:
        return min(max(float(value), 0.0), PUSH_RETRY_WAIT_MAX)
    except (TypeError, ValueError):
        return 0.5


def _push_one(channel: Channel, subscription: PushSubscription, data: str) -> str:
    from py_vapid import Vapid02
    from pywebpush import WebPushException, webpush

    key = Vapid02.from_raw(channel.secrets["vapid_private_key"].encode())
    info = {
        "endpoint": subscription.endpoint,
        "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
    }
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        try:
            webpush(
                info,
                data,
                vapid_private_key=key,
                # A fresh dict each call: webpush adds "aud" and "exp" to the one it is given.
                vapid_claims={"sub": _contact()},
                ttl=PUSH_TTL,
                timeout=PUSH_TIMEOUT,
            )
            return "sent"
        except WebPushException as exc:
            status = exc.status_code
            if status in (404, 410):
                subscription.delete()
                return "gone"
            if (status == 429 or (status or 0) >= 500) and attempt < PUSH_ATTEMPTS:
                time.sleep(_retry_wait(exc.retry_after))
                continue
            # The endpoint is the subscription's secret: the row's id says which one.
            log.warning("push to subscription %s refused: %s", subscription.pk, status)
            return "dropped"
        except Exception as exc:  # unreachable, timed out: maybe delivered, never looped
            log.warning("push to subscription %s failed: %s", subscription.pk, type(exc).__name__)
            return "dropped"
    return "dropped"


def push_notify(channel: Channel, address: str, text: str) -> dict[str, int]:
    """Tell each of `address`'s browsers that a message is waiting; never raises.
    Returns how many pushes were sent, forgotten (gone) and dropped."""
    counts = {"sent": 0, "gone": 0, "dropped": 0}
    try:
        subscriptions = list(PushSubscription.objects.filter(channel=channel, address=address))
        if not subscriptions:
            return counts
        vapid_keys_ensure(channel)
        for subscription in subscriptions:
            counts[_push_one(channel, subscription, _payload(channel, subscription, text))] += 1
    except Exception:  # a push is a courtesy: the send it follows has succeeded
        log.exception("channel %s: push notifications failed", channel.pk)
    return counts

"""Small builders for test data, going through the same services as the product."""

import itertools
import json
import time
import uuid

from passerelle.channels.services import channel_create
from passerelle.channels.types.native import sign
from passerelle.communities.services import service_create
from passerelle.orgs.models import Organization, Role
from passerelle.orgs.services import staff_add

_seq = itertools.count(1)


def make_service(slug=None, languages=("ar", "en", "fr"), org=None):
    n = next(_seq)
    org = org or Organization.objects.create(name=f"Agency {n}", slug=f"agency-{n}")
    return service_create(
        org=org,
        slug=slug or f"service-{n}",
        name=f"Service {n}",
        languages=list(languages),
        timezone_name="America/Toronto",
    )


def make_staff(service, role=Role.MODERATOR, email=None, password="pw-test-123"):
    email = email or f"staff{next(_seq)}@example.org"
    user, _ = staff_add(email=email, service=service, role=role, password=password)
    return user, user.staff_roles.get(service=service)


def make_channel(service, type_slug="simulator"):
    return channel_create(service=service, type_slug=type_slug, name=type_slug)


def sim_body(
    *,
    sender="telegram-aa11",
    name="أحمد",
    language="ar",
    chat="group",
    text="كيف أسجل أولادي في المدرسة؟",
    event_id=None,
    kind="message",
) -> bytes:
    event_id = event_id or f"sim-{uuid.uuid4()}"
    return json.dumps(
        {
            "event_id": event_id,
            "type": kind,
            "chat": chat,
            "text": text,
            "media": "text",
            "message_id": event_id,
            "timestamp": int(time.time()),
            "sender": {"id": sender, "name": name, "language": language},
        },
        ensure_ascii=False,
    ).encode()


def post_signed(client, channel, body: bytes, signature: str | None = None):
    """POST a body to a channel's webhook, signed like the simulator platform signs."""
    signature = sign(channel.secrets["signing_secret"], body) if signature is None else signature
    return client.post(
        f"/webhooks/{channel.uuid}/",
        data=body,
        content_type="application/json",
        headers={"X-Passerelle-Signature": signature},
    )


def login_verified(client, user):
    """Log a client in with a session verified by a confirmed authenticator, as after
    entering a code: what administrators need (passerelle.accounts)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device

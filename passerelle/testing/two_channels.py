"""Pytest fixtures: one person on two real channels of a service, WhatsApp (fake Graph
API) and SMS (fake Twilio). Each address is its own member until a merge, as the pipeline
makes them: the person's messages arrive as the platforms post them, through the webhooks
and the queue. Import them into a conftest.py::

    from passerelle.testing.two_channels import person, role, sms, wa, writes
"""

import time
import uuid

import pytest

from passerelle.members.models import Identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.fakeplatforms.fixtures import fake_graph, fake_twilio  # noqa: F401
from passerelle.testing.platforms import (
    fixture,
    make_sms,
    make_whatsapp,
    post_meta,
    post_twilio,
)

PHONE = "+16135550142"  # the same phone on WhatsApp (wa_id, no "+") and by SMS


@pytest.fixture
def wa(service, fake_graph):  # noqa: F811
    return make_whatsapp(service, fake_graph)


@pytest.fixture
def sms(service, fake_twilio):  # noqa: F811
    return make_sms(service, fake_twilio)


@pytest.fixture
def writes(client, django_capture_on_commit_callbacks):
    """writes(channel, text, address=PHONE, name=""): the person writes privately on a
    WhatsApp or SMS channel; returns their member."""

    def send(channel, text, address=PHONE, name=""):
        if channel.channel_type.platform == "whatsapp":
            payload = fixture("whatsapp", "text")
            value = payload["entry"][0]["changes"][0]["value"]
            value["contacts"][0].update(wa_id=address.lstrip("+"), profile={"name": name})
            message = value["messages"][0]
            message.update(
                id=f"wamid.{uuid.uuid4().hex}",
                timestamp=str(int(time.time())),
                **{"from": address.lstrip("+")},
            )
            message["text"]["body"] = text
            with django_capture_on_commit_callbacks(execute=True):
                assert post_meta(client, channel, payload).status_code == 200
            platform, stored = "whatsapp", address.lstrip("+")
        else:
            form = fixture("sms_twilio", "inbound_sms")
            sid = f"SM{uuid.uuid4().hex}"
            form.update(Body=text, From=address, MessageSid=sid, SmsMessageSid=sid, SmsSid=sid)
            with django_capture_on_commit_callbacks(execute=True):
                assert post_twilio(client, channel, form).status_code == 200
            platform, stored = "tel", address
        return Identity.objects.get(platform=platform, address=stored).member

    return send


@pytest.fixture
def role(service):
    return make_staff(service, Role.MODERATOR)[1]


@pytest.fixture
def person(service, wa, sms, writes):
    """(A, B): one person who wrote on WhatsApp (A, named) and by SMS (B)."""
    a = writes(wa, "Bonjour, j'ai une question", name="Amal Haddad")
    b = writes(sms, "Hello, it's Amal again by SMS")
    return a, b

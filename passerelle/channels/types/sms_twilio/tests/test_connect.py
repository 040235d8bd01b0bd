"""Connecting a Twilio number: formats checked, credentials tried against Twilio."""

import pytest

from passerelle.channels.models import Channel
from passerelle.channels.services import channel_connect
from passerelle.channels.types.base import ConnectError
from passerelle.testing.fakeplatforms import Reply


def _connect(service, fake_twilio, **over):
    values = {
        "account_sid": fake_twilio.account_sid,
        "auth_token": fake_twilio.auth_token,
        "from_number": "+16135550100",
        "api_base_url": fake_twilio.url,
        **over,
    }
    return channel_connect(service=service, type_slug="sms_twilio", values=values)


def test_connect_tries_the_credentials(service, fake_twilio):
    fake_twilio.script(Reply(200, {"messages": []}), match=lambda r: r.method == "GET")
    channel = _connect(service, fake_twilio)
    (check,) = fake_twilio.requests.snapshot()
    assert check.headers["authorization"].startswith("Basic ")
    (notice,) = channel.channel_type.admin_notices(channel)
    assert channel.webhook_url in notice


@pytest.mark.parametrize(
    "over, message",
    [
        ({"auth_token": "wrong"}, "refused"),
        ({"account_sid": "AC123"}, "Account SID"),
        ({"from_number": "613-555-0100"}, "E.164"),
        ({"from_number": "", "messaging_service_sid": "MGnope"}, "Messaging Service"),
        ({"sender_type": "pigeon"}, "Sender type"),
    ],
)
def test_bad_values_are_refused_and_nothing_kept(service, fake_twilio, over, message):
    with pytest.raises(ConnectError, match=message):
        _connect(service, fake_twilio, **over)
    assert not Channel.objects.exists()

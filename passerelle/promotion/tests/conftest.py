import io

import pytest
import zxingcpp
from PIL import Image

from passerelle.channels.services import channel_create
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff


def decode_png(data: bytes) -> list[str]:
    """What a real QR decoder reads in a PNG (the phone camera's part, in the test)."""
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))]


@pytest.fixture
def mod_role(service):
    _user, role = make_staff(service, Role.MODERATOR)
    return role


@pytest.fixture
def channels(service):
    """One channel of each platform members join on, as their adapters leave the config."""
    make = lambda type_slug, **config: channel_create(  # noqa: E731
        service=service, type_slug=type_slug, name=type_slug, config=config
    )
    return {
        "telegram": make("telegram", bot_id="42", bot_username="newcomers_bot"),
        "webchat": make("webchat"),
        "sms_twilio": make("sms_twilio", account_sid="AC" + "1" * 32, from_number="+15875550100"),
        "whatsapp": make(
            "whatsapp", phone_number_id="1234", display_phone_number="+1 587-555-0111"
        ),
        "messenger": make("messenger", page_id="998877"),
        "simulator": make("simulator"),
    }

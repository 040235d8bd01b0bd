"""A service on three platforms for posts: Telegram (fake Bot API, its group linked), the
web chat and SMS (fake Twilio), and members who read different languages."""

import pytest

from passerelle.channels.services import channel_connect
from passerelle.communities.services import membership_ensure
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.posts.models import PostType
from passerelle.posts.services import post_types_ensure
from passerelle.testing.factories import make_channel, make_staff
from passerelle.testing.fakeplatforms import Reply, fixtures
from passerelle.testing.fakeplatforms.fixtures import TELEGRAM_TOKEN
from passerelle.testing.platforms import TELEGRAM_GROUP

fake_telegram = fixtures.fake_telegram
fake_twilio = fixtures.fake_twilio


@pytest.fixture
def admin_role(service):
    return make_staff(service, Role.ADMIN)[1]


@pytest.fixture
def channels(service, fake_telegram, fake_twilio):
    """The service's Telegram (group linked), web chat and SMS channels."""
    telegram = channel_connect(
        service=service,
        type_slug="telegram",
        values={
            "token": TELEGRAM_TOKEN,
            "api_base_url": fake_telegram.url,
            "group_chat_id": str(TELEGRAM_GROUP),
        },
    )
    # Connecting tries the credentials with one GET.
    fake_twilio.script(Reply(200, {"messages": []}), match=lambda r: r.method == "GET")
    sms = channel_connect(
        service=service,
        type_slug="sms_twilio",
        values={
            "account_sid": fake_twilio.account_sid,
            "auth_token": fake_twilio.auth_token,
            "from_number": "+16135550100",
            "api_base_url": fake_twilio.url,
        },
    )
    return {"telegram": telegram, "webchat": make_channel(service, "webchat"), "sms": sms}


def join(service, platform, address, language, name=None):
    """A member of the service reachable on one platform, through the services."""
    member, _created = member_for_identity(
        org=service.org, platform=platform, address=address, name=name or address, language=language
    )
    membership_ensure(service=service, member=member, via="test")
    return member


@pytest.fixture
def job_offer(service):
    post_types_ensure(org=service.org)
    return PostType.objects.get(org=service.org, slug="job-offer")

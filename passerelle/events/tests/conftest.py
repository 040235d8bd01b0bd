"""The posts' set-up (a service on Telegram, the web chat and SMS, its staff), and its
workshop post type."""

import pytest

from passerelle.posts.models import PostType
from passerelle.posts.services import post_types_ensure
from passerelle.posts.tests.conftest import (  # noqa: F401
    admin_role,
    channels,
    fake_telegram,
    fake_twilio,
)


@pytest.fixture
def workshop(service):
    post_types_ensure(org=service.org)
    return PostType.objects.get(org=service.org, slug="workshop")

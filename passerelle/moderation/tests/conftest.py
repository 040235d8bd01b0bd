"""Moderation tests reuse the community helpers: a newcomer on the simulator, guidelines."""

import pytest

from passerelle.communities.models import Membership
from passerelle.communities.tests import conftest as community_fixtures
from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff

# The same newcomer and community fixtures as the community tests.
community = community_fixtures.community
newcomer = community_fixtures.newcomer
sent_to = community_fixtures.sent_to


@pytest.fixture
def mod_role(community):
    _user, role = make_staff(community, Role.MODERATOR, email="lina@example.org")
    role.user.first_name = "Lina"
    role.user.save()
    return role


@pytest.fixture
def posting(newcomer):
    """posting(text) → (membership, message): an active member's post in the group."""

    def post(text="سؤال عن السكن", **kw):
        member = newcomer(text, chat="group", **kw)
        message = Message.objects.filter(member=member, text=text).latest("id")
        return Membership.objects.get(member=member), message

    return post

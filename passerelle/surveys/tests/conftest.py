import pytest
from django.utils import timezone

from passerelle.communities.models import Membership
from passerelle.communities.services import membership_ensure
from passerelle.communities.tests.conftest import community, newcomer  # noqa: F401
from passerelle.members.models import Identity, Member
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.surveys.services import survey_create_from_template
from passerelle.testing.factories import make_channel, make_staff
from passerelle.testing.fakeplatforms.fixtures import fake_graph, fake_twilio  # noqa: F401


@pytest.fixture
def admin_role(service):
    return make_staff(service, Role.ADMIN)[1]


@pytest.fixture
def channel(service):
    return make_channel(service, "simulator")


def join(service, address, *, language="en", platform="sim", at=None):
    """A member of the service reachable on `platform`, through the services."""
    member, _created = member_for_identity(
        org=service.org, platform=platform, address=address, name=address, language=language
    )
    membership_ensure(service=service, member=member, via="test", at=at)
    return member


def join_many(service, count, *, platform="sim", language="en"):
    """Many members at once (a wave at scale): the rows the services would write."""
    now = timezone.now()
    members = Member.objects.bulk_create(
        Member(org=service.org, display_name=f"m{i}", language=language, created_at=now)
        for i in range(count)
    )
    Identity.objects.bulk_create(
        Identity(org=service.org, member=m, platform=platform, address=f"bulk-{m.pk}")
        for m in members
    )
    Membership.objects.bulk_create(
        Membership(org=service.org, service=service, member=m, joined_at=now) for m in members
    )
    return members


@pytest.fixture
def satisfaction(admin_role):
    return survey_create_from_template(
        role=admin_role, template="satisfaction", languages=["en", "fr", "ar"]
    )


@pytest.fixture
def says(client, sim_channel, django_capture_on_commit_callbacks):
    """says(sender, text): a member writes privately, as the simulator platform posts it."""
    from passerelle.testing.factories import post_signed, sim_body

    def send(sender, text):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_signed(
                client, sim_channel, sim_body(sender=sender, chat="private", text=text)
            )
        assert response.status_code == 200

    return send


def last_said(member):
    """The last text the service sent the member privately."""
    from passerelle.conversations.models import Message

    return (
        Message.objects.filter(thread__member=member, direction="out")
        .order_by("-created_at", "-pk")
        .values_list("text", flat=True)
        .first()
    )

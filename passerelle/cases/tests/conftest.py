"""A one-to-one service (the Calgary case), its caseworker, a client writing by simulator."""

import pytest

from passerelle.cases.enrolment import client_enrol
from passerelle.communities.services import membership_ensure
from passerelle.orgs.models import Role, Service
from passerelle.questions.tests.helpers import make_member
from passerelle.testing.factories import make_channel, make_service, make_staff
from passerelle.testing.fakeplatforms.fixtures import fake_graph, fake_twilio  # noqa: F401


def one_to_one(service):
    Service.objects.filter(pk=service.pk).update(mode=Service.Mode.ONE_TO_ONE)
    service.mode = Service.Mode.ONE_TO_ONE
    return service


@pytest.fixture
def calgary(db):
    return one_to_one(make_service("calgary-cases", languages=("ar", "en", "fr")))


@pytest.fixture
def sim(calgary):
    return make_channel(calgary, "simulator")


@pytest.fixture
def worker(calgary):
    _user, role = make_staff(calgary, Role.MODERATOR, email="worker@example.org")
    return role


@pytest.fixture
def amira(calgary, sim):
    """A member of the service writing in Arabic from the simulator."""
    member = make_member(calgary, name="أميرة", language="ar", address="sim-amira")
    membership_ensure(service=calgary, member=member, via="test")
    return member


@pytest.fixture
def amira_file(worker, amira):
    return client_enrol(role=worker, member=amira)


@pytest.fixture
def says(client, sim, django_capture_on_commit_callbacks):
    """says(text): the client writes privately, as the platform posts it."""
    from passerelle.testing.factories import post_signed, sim_body

    def send(text, sender="sim-amira"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_signed(client, sim, sim_body(sender=sender, chat="private", text=text))
        assert response.status_code == 200

    return send

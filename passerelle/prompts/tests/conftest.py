"""A test owner that keeps what the engine hands it, and a member who writes by simulator."""

import pytest

from passerelle.communities.services import membership_ensure
from passerelle.members.models import Identity
from passerelle.prompts import owners
from passerelle.questions.tests.helpers import make_member
from passerelle.testing.factories import post_signed, sim_body


class Recorder:
    """An owner: what it was given, in order."""

    def __init__(self):
        self.answers, self.expiries, self.reminders = [], [], []

    def answered(self, *, prompt, answer, at):
        self.answers.append((prompt, answer))

    def expired(self, *, prompt, at):
        self.expiries.append(prompt)

    def reminded(self, *, prompt, at):
        self.reminders.append(prompt)


@pytest.fixture
def recorder():
    names = ("test_survey", "test_checkin")
    kept = {name: owners.registered().get(name) for name in names}
    recorder = Recorder()
    for name in names:
        owners.register(name, recorder)
    yield recorder
    for name, handler in kept.items():
        if handler is None:
            owners._handlers.pop(name, None)
        else:
            owners.register(name, handler)


@pytest.fixture
def amira(service):
    """An active member writing in Arabic from the simulator."""
    member = make_member(service, language="ar", address="sim-amira")
    membership_ensure(service=service, member=member, via="test")
    return member


@pytest.fixture
def says(client, sim_channel, django_capture_on_commit_callbacks):
    """says(text): the member writes privately, as the platform posts it."""

    def send(text, sender="sim-amira"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_signed(
                client, sim_channel, sim_body(sender=sender, chat="private", text=text)
            )
        assert response.status_code == 200
        return Identity.objects.get(platform="sim", address=sender).member

    return send

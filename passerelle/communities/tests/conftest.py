"""Helpers for community tests: play a newcomer through the simulator's signed webhook."""

import pytest

from passerelle.communities.services import guidelines_from_template, intake_questions_add_defaults
from passerelle.conversations.models import Message
from passerelle.members.models import Identity
from passerelle.testing.factories import post_signed, sim_body


@pytest.fixture
def newcomer(client, sim_channel, django_capture_on_commit_callbacks):
    """newcomer(text, chat=…, kind=…, sender=…) posts like the platform; returns the member."""

    def send(
        text="", *, chat="private", kind="message", sender="sim-amira", name="أميرة", language="ar"
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_signed(
                client,
                sim_channel,
                sim_body(
                    sender=sender,
                    name=name,
                    language=language,
                    chat=chat,
                    text=text,
                    kind=kind,
                ),
            )
        assert response.status_code == 200
        identity = Identity.objects.filter(platform="sim", address=sender).first()
        return identity.member if identity else None

    return send


@pytest.fixture
def community(service):
    """The service with its guidelines (interactive template) and the usual questions."""
    guidelines_from_template(service=service, template="interactive")
    intake_questions_add_defaults(service=service)
    return service


def sent_to(member, n=None):
    """Texts the service sent privately to a member, oldest first (the last n)."""
    texts = list(
        Message.objects.filter(thread__member=member, thread__kind="private", direction="out")
        .order_by("id")
        .values_list("text", flat=True)
    )
    return texts[-n:] if n else texts

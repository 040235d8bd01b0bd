"""A partner specialist acts only on the threads of questions assigned to them: other
threads are 404 (their ids reveal nothing), templates included (issue 9, finding 3)."""

import pytest

from passerelle.channels.types.whatsapp.services import template_add
from passerelle.orgs.models import Role
from passerelle.questions.services import question_assign
from passerelle.questions.tests.helpers import ask, make_member
from passerelle.testing.factories import make_staff
from passerelle.testing.fakeplatforms.fixtures import fake_graph  # noqa: F401
from passerelle.testing.platforms import make_whatsapp


@pytest.fixture
def roles(service):
    moderator = make_staff(service, Role.MODERATOR)[1]
    partner = make_staff(service, Role.PARTNER)[1]
    return moderator, partner


def _questions(service, moderator, partner):
    mine = ask(moderator, member=make_member(service), private=True)
    other = ask(moderator, member=make_member(service), private=True)
    question_assign(role=moderator, question=mine, assignee=partner.user)
    return mine, other


def test_the_thread_panel_opens_only_for_assigned_threads(client, service, roles):
    moderator, partner = roles
    mine, other = _questions(service, moderator, partner)
    client.force_login(partner.user)
    base = f"/s/{service.slug}/threads"
    assert client.get(f"{base}/{mine.thread_id}/questions/").status_code == 200
    assert client.get(f"{base}/{other.thread_id}/questions/").status_code == 404
    assert client.get(f"{base}/999999/questions/").status_code == 404
    # A moderator (with the inbox) opens any thread of the service.
    client.force_login(moderator.user)
    assert client.get(f"{base}/{other.thread_id}/questions/").status_code == 200


def test_a_partner_sends_templates_only_to_assigned_threads(client, service, roles, fake_graph):  # noqa: F811
    moderator, partner = roles
    mine, other = _questions(service, moderator, partner)
    channel = make_whatsapp(service, fake_graph)
    admin = make_staff(service, Role.ADMIN)[1]
    template = template_add(
        role=admin, channel=channel, name="follow_up", language="fr", category="", body="Bonjour"
    )
    client.force_login(partner.user)
    base = f"/s/{service.slug}/threads"
    refused = client.post(f"{base}/{other.thread_id}/whatsapp-template/", {"template": template.pk})
    assert refused.status_code == 404
    # On their own question's thread the template is judged on its merits (this member
    # has no WhatsApp number: a clear refusal, not a 404).
    allowed = client.post(
        f"{base}/{mine.thread_id}/whatsapp-template/",
        {"template": template.pk},
        headers={"HX-Request": "true"},
    )
    assert allowed.status_code == 422 and b"WhatsApp" in allowed.content

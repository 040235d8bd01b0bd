"""Guards on destructive actions: a confirmation step that works without JavaScript, one
warning per message, and the flash saying when a warning proposed a removal."""

import pytest
from django.contrib.messages import get_messages

from passerelle.communities.models import Intake, Membership
from passerelle.moderation.models import MemberWarning, MessageRemoval
from passerelle.moderation.services import warn_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod_client(client, mod_role):
    client.force_login(mod_role.user)
    return client


def _flash(response) -> str:
    """The newest flash (earlier ones stay stored until a page shows them)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_delete_and_off_topic_ask_first(mod_client, community, posting):
    _membership, message = posting("رسالة خارج الموضوع")
    base = f"/s/{community.slug}/moderation/messages/{message.pk}/"
    page = mod_client.get(base).content.decode()
    assert page.count("hx-confirm=") == 2  # off-topic and delete ask in a dialog too
    asked = mod_client.post(base + "delete/", {"reason": "spam", "clause": ""})
    assert "Delete this post?" in asked.content.decode() and "رسالة خارج الموضوع" in (
        asked.content.decode()
    )
    assert not MessageRemoval.objects.exists()
    asked = mod_client.post(base + "off-topic/")
    assert "Apply the off-topic protocol?" in asked.content.decode()
    assert not MessageRemoval.objects.exists()
    mod_client.post(base + "delete/", {"reason": "spam", "clause": "", "confirmed": "1"})
    assert MessageRemoval.objects.get().message == message


def test_refusing_a_join_asks_first(mod_client, community, newcomer):
    newcomer(kind="join_request")
    for answer in ["1", "1", "1", "1", "1"]:
        newcomer(answer)
    intake = Intake.objects.get()
    url = f"/s/{community.slug}/moderation/joins/{intake.pk}/refuse/"
    asked = mod_client.post(url, {"reason": "Pas à Ottawa"})
    assert "They are told the reason below." in asked.content.decode()
    assert Intake.objects.get().state == "review"
    mod_client.post(url, {"reason": "Pas à Ottawa", "confirmed": "1"})
    assert Intake.objects.get().state == "refused"


def test_the_same_message_cannot_be_warned_twice(mod_client, community, posting, mod_role):
    membership, message = posting("إهانة")
    url = f"/s/{community.slug}/moderation/messages/{message.pk}/warn/"
    first = mod_client.post(url, {"clause": "offensive", "reason": ""})
    assert _flash(first) == "Warning sent."
    second = mod_client.post(url, {"clause": "offensive", "reason": ""})
    assert _flash(second) == "This message was already warned. Withdraw that warning to warn again."
    assert MemberWarning.objects.filter(message=message).count() == 1
    # Once that warning is withdrawn, the message can be warned again.
    warning = MemberWarning.objects.get()
    mod_client.post(f"/s/{community.slug}/moderation/warnings/{warning.pk}/withdraw/")
    mod_client.post(url, {"clause": "offensive", "reason": ""})
    assert MemberWarning.objects.filter(message=message, withdrawn_at=None).count() == 1
    assert Membership.objects.get(pk=membership.pk).status == "active"


def test_the_flash_says_when_a_warning_proposed_a_removal(mod_client, community, posting, mod_role):
    membership, message = posting("إهانة ثانية")
    warn_member(role=mod_role, membership=membership, clause="offensive")  # 1 of 2
    response = mod_client.post(
        f"/s/{community.slug}/moderation/messages/{message.pk}/warn/",
        {"clause": "offensive", "reason": ""},
    )
    assert _flash(response) == (
        "Warning sent. It reached the warning limit: a removal is proposed in the moderation queue."
    )
    assert membership.removal_proposals.filter(resolved_at=None).count() == 1

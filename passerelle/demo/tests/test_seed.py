"""The demo service: everything a screen needs, and seeding twice duplicates nothing."""

import pytest

from passerelle.communities.models import Membership, MembershipEvent
from passerelle.conversations.models import Message
from passerelle.demo.seed import seed_demo


@pytest.mark.django_db
def test_demo_has_a_year_of_history_and_seeding_twice_adds_nothing():
    first = seed_demo()
    service = first["service"]
    assert first["members"] == 40 and first["messages_created"] == 1127
    assert service.languages == ["ar", "en", "fr"]
    assert set(service.guidelines.get().texts) == {"ar", "fr", "en"}
    labels = dict.fromkeys(["request", "information", "referral", "other"], 0)
    for label in Message.objects.filter(service=service).values_list("label", flat=True):
        labels[label] += 1
    assert labels == {"request": 279, "information": 169, "referral": 221, "other": 458}
    assert Membership.objects.filter(service=service, status="left").count() == 3
    assert MembershipEvent.objects.filter(kind="removed").count() == 2
    assert service.threads.filter(kind="private").exists()
    assert service.channels.filter(type="simulator").exists()

    counts = (
        Message.objects.count(),
        Membership.objects.count(),
        MembershipEvent.objects.count(),
        service.channels.count(),
    )
    second = seed_demo()
    assert second["messages_created"] == 0
    assert counts == (
        Message.objects.count(),
        Membership.objects.count(),
        MembershipEvent.objects.count(),
        service.channels.count(),
    )

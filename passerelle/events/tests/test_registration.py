"""An event goes out with its post; members register by replying 1 (privately to the
question, or in the group to the post), the places fill, the waiting list takes a place
that opens, and everyone registered is reminded the day before — through the real
webhook, routing, the prompts engine and the fake Telegram server."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.events.models import Registration
from passerelle.events.services import (
    event_reminders_sweep,
    event_save,
    registration_cancel,
)
from passerelle.events.texts import TEXTS
from passerelle.posts.sending import posts_sweep
from passerelle.posts.services import post_create
from passerelle.posts.tests.conftest import join
from passerelle.testing.platforms import AMIRA, LUC, TELEGRAM_GROUP, post_update, update

pytestmark = pytest.mark.django_db

TEXTS_FR = {"fr": "Atelier CV\nVenez avec votre CV imprimé.", "en": "CV workshop\nBring your CV."}


def _texts_to(fake, chat):
    return [c.params["text"] for c in fake.calls("sendMessage") if c.params["chat_id"] == chat]


def _reply(client, channel, sender, text, n, *, group_reply_to=None):
    doc = update("group_text" if group_reply_to else "private_text")
    doc["update_id"] += 100 + n
    message = doc["message"]
    message["message_id"] += 100 + n
    message["from"]["id"] = sender
    message["text"] = text
    message.pop("entities", None)
    if group_reply_to:
        message["reply_to_message"] = {
            "message_id": group_reply_to,
            "chat": message["chat"],
            "date": message["date"],
            "from": {"id": 1, "is_bot": True, "first_name": "bot"},
            "text": "…",
        }
    else:
        message["chat"] = {"id": sender, "type": "private", "first_name": "x"}
    return post_update(client, channel, doc)


def _event_post(role, post_type, *, audience, capacity=None, starts_in=timedelta(days=3)):
    now = timezone.now()
    post = post_create(
        role=role,
        post_type=post_type,
        texts=TEXTS_FR,
        audience=audience,
        scheduled_at=now + timedelta(minutes=5),
    )
    event = event_save(
        role=role,
        post=post,
        starts_at=now + starts_in,
        place="Centre Rideau, salle 2",
        capacity=capacity,
    )
    return post, event


def test_members_reached_privately_register_by_replying_1_and_the_places_fill(
    client,
    service,
    admin_role,
    channels,
    workshop,
    fake_telegram,
    django_capture_on_commit_callbacks,
):
    amira = join(service, "telegram", str(AMIRA), "fr")
    luc = join(service, "telegram", str(LUC), "en")
    post, event = _event_post(admin_role, workshop, audience="members", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert posts_sweep(now=post.scheduled_at) == 2
    said = _texts_to(fake_telegram, AMIRA)
    # The post with its date and place, then the question.
    assert said[0].startswith(TEXTS_FR["fr"]) and "Centre Rideau, salle 2" in said[0]
    assert said[1].startswith("Pour vous inscrire à « Atelier CV »")
    assert _texts_to(fake_telegram, LUC)[1].startswith("To register for “CV workshop”")

    with django_capture_on_commit_callbacks(execute=True):
        assert _reply(client, channels["telegram"], AMIRA, "1", 1).status_code == 200
        assert _reply(client, channels["telegram"], LUC, "1", 2).status_code == 200
    states = dict(Registration.objects.values_list("member_id", "state"))
    assert states == {amira.pk: "registered", luc.pk: "waiting"}  # one place
    assert _texts_to(fake_telegram, AMIRA)[-1].startswith("Vous êtes inscrit·e à « Atelier CV »")
    assert _texts_to(fake_telegram, LUC)[-1].startswith("“CV workshop” is full")

    # A second "1" is no second registration.
    with django_capture_on_commit_callbacks(execute=True):
        _reply(client, channels["telegram"], AMIRA, "1", 3)
    assert Registration.objects.count() == 2

    # Staff cancel Amira: Luc takes the place, and both are told.
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(
            role=admin_role, registration=Registration.objects.get(member=amira)
        )
    assert promoted.member_id == luc.pk
    assert dict(Registration.objects.values_list("member_id", "state")) == {
        amira.pk: "cancelled",
        luc.pk: "registered",
    }
    assert _texts_to(fake_telegram, LUC)[-1].startswith("A place opened")
    assert _texts_to(fake_telegram, AMIRA)[-1].startswith("Votre inscription à « Atelier CV »")


def test_a_group_member_registers_by_replying_1_to_the_post_and_is_reminded_the_day_before(
    client,
    service,
    admin_role,
    channels,
    workshop,
    fake_telegram,
    django_capture_on_commit_callbacks,
):
    amira = join(service, "telegram", str(AMIRA), "fr")
    post, event = _event_post(admin_role, workshop, audience="group")
    with django_capture_on_commit_callbacks(execute=True):
        assert posts_sweep(now=post.scheduled_at) == 1
    (group_post,) = _texts_to(fake_telegram, TELEGRAM_GROUP)
    assert "Centre Rideau, salle 2" in group_post
    assert (
        TEXTS["register_in_group"]["fr"] in group_post
        or TEXTS["register_in_group"]["en"] in group_post
    )
    sent = OutboundMessage.objects.get(recipient=str(TELEGRAM_GROUP))
    group_message_id = int(sent.platform_message_id.split(":")[1])

    with django_capture_on_commit_callbacks(execute=True):
        # "1" to another message registers nobody; "1" to the post does.
        _reply(client, channels["telegram"], AMIRA, "1", 1, group_reply_to=group_message_id + 50)
        assert not Registration.objects.exists()
        _reply(client, channels["telegram"], AMIRA, "1", 2, group_reply_to=group_message_id)
    registration = Registration.objects.get()
    assert (registration.member_id, registration.via) == (amira.pk, "group_reply")
    assert _texts_to(fake_telegram, AMIRA)[-1].startswith("Vous êtes inscrit·e")

    # The day before (and once, whatever the number of scheduler ticks).
    day_before = event.starts_at - timedelta(hours=23)
    with django_capture_on_commit_callbacks(execute=True):
        assert event_reminders_sweep(now=event.starts_at - timedelta(days=2)) == 0
        assert event_reminders_sweep(now=day_before) == 1
        assert event_reminders_sweep(now=day_before + timedelta(minutes=1)) == 0
    assert _texts_to(fake_telegram, AMIRA)[-1].startswith("Rappel : « Atelier CV » a lieu demain")


def test_an_event_is_checked_before_it_is_saved(service, admin_role, workshop):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    post = post_create(
        role=admin_role,
        post_type=workshop,
        texts=TEXTS_FR,
        audience="members",
        scheduled_at=now + timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        event_save(role=admin_role, post=post, starts_at=now - timedelta(hours=1))
    with pytest.raises(ValidationError):
        event_save(role=admin_role, post=post, starts_at=now + timedelta(hours=2))  # before post
    with pytest.raises(ValidationError):
        event_save(role=admin_role, post=post, starts_at=now + timedelta(days=2), capacity=0)
    event = event_save(role=admin_role, post=post, starts_at=now + timedelta(days=2), capacity=3)
    assert event.capacity == 3

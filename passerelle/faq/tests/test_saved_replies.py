"""Saved replies: the page (list, create, edit, delete after a confirmation step), per
service and language, placeholders filled in for the conversation they are inserted in."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from passerelle.conversations.services import (
    group_thread_for,
    message_record,
    message_reply,
    private_thread_for,
)
from passerelle.faq.models import SavedReply
from passerelle.faq.saved import saved_replies_filled
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    service = make_service("saved")
    make_channel(service, "simulator")
    user, role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    return service, role


def test_create_edit_and_delete_with_confirmation(client, setup):
    service, _role = setup
    base = f"/s/{service.slug}/saved-replies/"
    assert "No saved reply yet." in client.get(base).content.decode()
    response = client.post(
        base + "new/",
        {"title": "Bienvenue", "language": "fr", "text": "Bonjour {member_name} !"},
    )
    assert response.status_code == 302
    reply = SavedReply.objects.get(service=service)
    assert (reply.language, reply.text) == ("fr", "Bonjour {member_name} !")
    # The same title in the same language twice is refused, in another language accepted.
    again = {"title": "Bienvenue", "language": "fr", "text": "x"}
    assert client.post(base + "new/", again).status_code == 422
    assert client.post(base + "new/", {**again, "language": "ar"}).status_code == 302
    client.post(f"{base}{reply.pk}/", {"title": "Accueil", "language": "fr", "text": "Salut"})
    reply.refresh_from_db()
    assert (reply.title, reply.text) == ("Accueil", "Salut")
    # Deleting asks first (a page that works without JavaScript); only the POST deletes.
    confirm = client.get(f"{base}{reply.pk}/delete/").content.decode()
    assert "Delete the saved reply “Accueil”?" in confirm
    assert SavedReply.objects.filter(pk=reply.pk).exists()
    client.post(f"{base}{reply.pk}/delete/")
    assert not SavedReply.objects.filter(pk=reply.pk).exists()
    assert SavedReply.objects.filter(service=service).count() == 1


def test_another_service_cannot_see_or_change_them(client, setup):
    service, _role = setup
    other = make_service("other-saved")
    theirs = SavedReply.objects.create(
        org=other.org, service=other, title="T", language="en", text="secret"
    )
    assert client.get(f"/s/{service.slug}/saved-replies/{theirs.pk}/").status_code == 404
    assert client.post(f"/s/{service.slug}/saved-replies/{theirs.pk}/delete/").status_code == 404
    assert "secret" not in client.get(f"/s/{service.slug}/saved-replies/").content.decode()
    assert SavedReply.objects.filter(pk=theirs.pk).exists()


def test_placeholders_are_filled_for_the_conversation(setup):
    service, role = setup
    member, _ = member_for_identity(
        org=service.org, platform="sim", address="sim-1", name="Luc", language="fr"
    )
    for title, language in [("A", "ar"), ("B", "fr")]:
        SavedReply.objects.create(
            org=service.org,
            service=service,
            title=title,
            language=language,
            text="Bonjour {member_name}, ici {service_name}.{unknown}",
        )
    private = saved_replies_filled(role, private_thread_for(service, member))
    assert [r["language"] for r in private] == ["fr", "ar"]  # the member's language first
    assert private[0]["text"] == f"Bonjour Luc, ici {service.name}."
    group = saved_replies_filled(role, group_thread_for(service))
    assert group[0]["text"] == f"Bonjour , ici {service.name}."


def test_a_private_reply_quotes_the_group_post_it_answers(setup):
    service, role = setup
    member, _ = member_for_identity(
        org=service.org, platform="sim", address="sim-2", name="Amira", language="ar"
    )
    other, _ = member_for_identity(org=service.org, platform="sim", address="sim-3", name="Bo")
    group = group_thread_for(service)
    post = message_record(
        thread=group,
        direction="in",
        member=member,
        text="mon numéro  613-555-0142",
        at=timezone.now(),
    )
    elsewhere = message_record(
        thread=group, direction="in", member=other, text="bonjour", at=timezone.now()
    )
    thread = private_thread_for(service, member)
    reply = message_reply(role=role, thread=thread, text="Écrivez-moi ici.", reply_to=post)
    assert reply.reply_to == post and reply.thread == thread
    assert reply.text == "> mon numéro 613-555-0142\n\nÉcrivez-moi ici."
    # Another member's post cannot be answered in this member's private conversation.
    with pytest.raises(PermissionDenied):
        message_reply(role=role, thread=thread, text="x", reply_to=elsewhere)

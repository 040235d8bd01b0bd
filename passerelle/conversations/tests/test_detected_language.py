"""The language of each member's message: found as it arrives (a column of its INSERT),
shown in the inbox, corrected by a moderator, used to answer a member with no language."""

import pytest
from django.utils import timezone

from passerelle.conversations.models import Message
from passerelle.conversations.services import (
    group_thread_for,
    message_language_set,
    message_record,
)
from passerelle.members.models import Member
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff, post_signed, sim_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, sim_channel, django_capture_on_commit_callbacks):
    def _send(text, *, chat="group", language="", sender="sim-lang"):
        with django_capture_on_commit_callbacks(execute=True):
            body = sim_body(sender=sender, name="Sara", language=language, chat=chat, text=text)
            assert post_signed(client, sim_channel, body).status_code == 200
        return Message.objects.filter(direction="in").latest("id")

    return _send


@pytest.fixture
def mod(service):
    return make_staff(service, Role.MODERATOR)


def test_each_inbound_message_gets_its_language(send):
    assert send("ببخشید، کسی می‌دونه کارت بهداشت رو از کجا باید بگیرم؟").detected_language == "fa"
    assert send("ok merci").detected_language == ""
    assert send("ሰላም እንዴት ነህ? የቋንቋ ትምህርት የት ማግኘት እችላለሁ?").detected_language == "ti|am"


def test_a_member_with_no_language_is_answered_in_the_one_they_write(send):
    message = send("Хтось знає, де можна знайти лікаря, який говорить українською?", chat="private")
    assert message.detected_language == "uk"
    assert Member.objects.get(pk=message.member_id).language == "uk"


def test_a_members_own_language_is_kept(send):
    message = send("Hi, how can I sign up for the English classes?", language="ar")
    assert message.detected_language == "en"
    assert Member.objects.get(pk=message.member_id).language == "ar"


def test_turned_off_nothing_is_detected(send, service):
    service.assistance = {"language": False}
    service.save(update_fields=["assistance"])
    message = send("Muchas gracias por la ayuda, de verdad")
    assert message.detected_language == ""
    assert Member.objects.get(pk=message.member_id).language == ""


def test_recorded_history_gets_its_language(send, service):
    member = send("ok merci").member
    recorded = message_record(
        thread=group_thread_for(service),
        direction="in",
        text="Busco trabajo y un apartamento barato cerca del centro, alguien sabe?",
        at=timezone.now(),
        member=member,
    )
    assert Message.objects.get(pk=recorded.pk).detected_language == "es"


def test_the_inbox_shows_it_and_a_moderator_corrects_it(client, send, service, mod):
    user, _role = mod
    message = send("ሰላም እንዴት ነህ? የቋንቋ ትምህርት የት ማግኘት እችላለሁ?")
    client.force_login(user)
    page = client.get(f"/s/{service.slug}/inbox/?thread={message.thread_id}").content.decode()
    assert "Tigrinya or Amharic ?" in page
    assert f'id="language-{message.pk}"' in page
    url = f"/s/{service.slug}/messages/{message.pk}/language/"
    part = client.post(url, {"language": "am"}, headers={"HX-Request": "true"}).content.decode()
    assert "Amharic" in part and "Language chosen by a moderator" in part
    message.refresh_from_db()
    assert message.detected_language == "am" and message.language_checked_by == user
    # Amharic is one language: the member who had none is answered in it.
    assert Member.objects.get(pk=message.member_id).language == "am"
    assert client.post(url, {"language": "not a code"}).status_code == 422


def test_the_correction_is_scoped_to_the_moderators_service(client, send, service):
    from passerelle.testing.factories import make_service

    message = send("Muchas gracias por la ayuda, de verdad")
    other = make_service()
    user, role = make_staff(other, Role.MODERATOR)
    client.force_login(user)
    response = client.post(f"/s/{other.slug}/messages/{message.pk}/language/", {"language": "fr"})
    assert response.status_code == 404
    with pytest.raises(Exception, match="another service"):
        message_language_set(role=role, message=message, language="fr")
    message.refresh_from_db()
    assert message.detected_language == "es"

"""Personal details posted in the group go to the moderation queue (real Telegram updates
through the webhook, the worker's pipeline and the routing), with a suggested action."""

import pytest

from passerelle.conversations.models import Message
from passerelle.members.models import Identity
from passerelle.moderation.details import details_found, member_regions
from passerelle.moderation.models import Report
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff

from .conftest import update

pytestmark = pytest.mark.django_db


def _group_post(deliver, text, n):
    doc = update("group_text")
    doc["update_id"] += n
    doc["message"]["message_id"] += n
    doc["message"]["text"] = text
    doc["message"].pop("entities", None)
    assert deliver(doc).status_code == 200
    return Message.objects.get(text=text.strip())


FLAGGED = [
    ("Appelez-moi au 613-555-0142 ce soir", ["phone"]),
    # Arabic-Indic and Persian digits, a right-to-left mark and no-break spaces.
    ("اتصلي بي على ٦١٣-٥٥٥-٠١٤٢ شكرا", ["phone"]),
    ("شماره من ۶۱۳ ۵۵۵ ۰۱۹۹ است", ["phone"]),
    ("\u200f+963\u00a0944\u00a0123\u00a0456", ["phone"]),
    ("Écrivez à amira.haddad@example.org", ["email"]),
    ("Le formulaire : https://example.com/formulaire?x=1", ["link"]),
    ("rejoignez t.me/autregroupe", ["link"]),
    ("(613) 555-0199 ou luc@example.ca", ["phone", "email"]),
]
NOT_FLAGGED = [
    "Rendez-vous le 2026-11-20 à 10:24",
    "le 20/11/2026 ou le 21.11.2026",
    "Le loyer est de 1 250,00 $ par mois, 1250000 en tout",
    "Nous sommes arrivés en 2019, 2020 ou 2021",
    "l'année scolaire 2026-2027",
    "الإيجار ١٢٥٠ دولار في الشهر",
    "Merci beaucoup.Bonne journée",
]


@pytest.mark.parametrize(("text", "kinds"), FLAGGED)
def test_a_group_post_with_personal_details_is_queued(deliver, tg, text, kinds):
    message = _group_post(deliver, text, 1)
    report = Report.objects.get(message=message)
    assert report.source == Report.Source.SYSTEM and report.resolved_at is None
    assert report.detected.split(",") == kinds
    assert report.suggested_action == Report.Suggestion.MOVE_PRIVATE


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_dates_prices_and_years_are_not_flagged(deliver, tg, text):
    message = _group_post(deliver, text, 2)
    assert message.thread.kind == "group"
    assert not Report.objects.exists()


def test_a_private_message_with_a_number_is_not_flagged(deliver, tg):
    assert deliver("private_text").status_code == 200
    doc = update("private_text")
    doc["update_id"] += 7
    doc["message"]["message_id"] += 7
    doc["message"]["text"] = "my number is 613-555-0142"
    doc["message"].pop("entities", None)
    deliver(doc)
    assert Message.objects.filter(text__contains="613-555-0142", thread__kind="private").exists()
    assert not Report.objects.exists()


def test_members_numbers_add_their_countries(deliver, tg, service):
    # A Syrian mobile number written the local way is a number only for a service with
    # members from Syria.
    assert details_found("0944 123 456", member_regions(service.pk)) == []
    _group_post(deliver, "bonjour", 3)
    member = Message.objects.get(text="bonjour").member
    Identity.objects.create(
        org_id=member.org_id, member=member, platform="whatsapp", address="963944000111"
    )
    assert member_regions(service.pk) == ["CA", "SY"]
    message = _group_post(deliver, "رقمي ٠٩٤٤ ١٢٣ ٤٥٦", 4)
    assert Report.objects.get(message=message).detected == "phone"


def test_the_queue_shows_what_was_found_and_the_suggestion(deliver, tg, service, client):
    message = _group_post(deliver, "Appelez le 613-555-0142", 5)
    user, _role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    page = client.get(f"/s/{service.slug}/moderation/").content.decode()
    assert "Personal details in the group: a phone number" in page
    assert f"/s/{service.slug}/messages/{message.pk}/private/" in page
    assert "Move to a private conversation" in page

"""Group posts flagged by the language assistance: personal details and possibly
offensive words go to the moderation queue, with a suggestion, and nothing else happens."""

import pytest
from django.utils import timezone

from passerelle.communities.services import membership_ensure
from passerelle.conversations.models import Message
from passerelle.conversations.services import group_thread_for, message_record
from passerelle.members.services import member_for_identity
from passerelle.moderation.details import member_regions, personal_details_flag
from passerelle.moderation.models import MemberWarning, MessageRemoval, Report, ServiceWord
from passerelle.moderation.offensive import offensive_flag
from passerelle.moderation.words import service_word_add
from passerelle.testing.factories import make_service

CALL_ME = "call me on ٠٦١٢٣٤٥٦٧٨"


@pytest.fixture
def mod_client(client, mod_role):
    client.force_login(mod_role.user)
    return client


def test_a_moroccan_number_in_arabic_digits_is_flagged_to_move_private(
    mod_client, community, posting
):
    # The community writes Arabic and French: Moroccan, Algerian, French numbers are local.
    assert {"MA", "DZ", "FR"} <= set(member_regions(community.pk, community.languages))
    _membership, message = posting(CALL_ME)
    report = Report.objects.get(message=message)
    assert report.source == Report.Source.SYSTEM
    assert report.detected == "phone"
    assert report.suggested_action == Report.Suggestion.MOVE_PRIVATE
    page = mod_client.get(f"/s/{community.slug}/moderation/").content.decode()
    assert "Personal details in the group: a phone number" in page
    assert "Move to a private conversation" in page


def _english_service_post(text, *, whatsapp=None):
    """A post in the group of a service in English only, by a member who has a WhatsApp
    number `whatsapp` (or only a Telegram account)."""
    service = make_service(languages=("en",))
    platform, address = ("whatsapp", whatsapp) if whatsapp else ("telegram", "5550001")
    member, _ = member_for_identity(org=service.org, platform=platform, address=address)
    membership_ensure(service=service, member=member, via="test")
    message = message_record(
        thread=group_thread_for(service),
        direction=Message.Direction.IN,
        text=text,
        at=timezone.now(),
        member=member,
    )
    return service, message


def test_the_members_own_numbers_say_where_they_come_from(db):
    # English only, so no region from the languages: the member's Moroccan number does it.
    _service, message = _english_service_post(CALL_ME, whatsapp="212612345678")
    assert personal_details_flag(message=message).detected == "phone"


def test_without_a_region_where_it_is_a_number_nothing_is_flagged(db):
    # "0612345678" is no Canadian number: an English-only service of Telegram members.
    _service, message = _english_service_post(CALL_ME)
    assert personal_details_flag(message=message) is None


def test_immigration_numbers_are_flagged(community, posting):
    _m, message = posting("my UCI is 12-3456-7890 and my application E000123456 at IRCC")
    report = Report.objects.get(message=message)
    assert report.detected == "uci,ircc"
    assert "a UCI (client ID), an IRCC application number" in report.shown_reason


def test_personal_details_part_turned_off(community, posting):
    community.assistance = {"personal_details": False}
    community.save(update_fields=["assistance"])
    _m, message = posting(CALL_ME)
    assert not Report.objects.filter(message=message).exists()


def test_a_possibly_offensive_post_is_queued_for_review_and_nothing_more(
    mod_client, community, posting
):
    membership, message = posting("you are a fucking idiot", sender="sim-k", name="Karim")
    report = Report.objects.get(message=message)
    assert report.detected == "offensive"
    assert report.suggested_action == Report.Suggestion.REVIEW
    assert "idiot" in report.reason
    # Only flagged: no warning, no deletion, still a member.
    assert not MemberWarning.objects.exists()
    assert not MessageRemoval.objects.exists()
    membership.refresh_from_db()
    assert membership.status == "active"
    page = mod_client.get(f"/s/{community.slug}/moderation/").content.decode()
    assert "Possibly offensive (flagged automatically): fucking, idiot" in page


def test_an_arabic_insult_is_flagged_by_the_model(community, posting):
    _m, message = posting("يلعن امك يا ابن الحمار")
    report = Report.objects.get(message=message, detected="offensive")
    assert "Cussing" in report.reason


def test_an_ordinary_post_is_not_flagged(community, posting):
    _m, message = posting("مرحبا، أين أجد مكتب الهجرة في المدينة؟")
    assert not Report.objects.filter(message=message).exists()


def test_the_services_own_words(community, posting, mod_role):
    _m, message = posting("ти дурень", sender="sim-o")
    assert not Report.objects.filter(message=message).exists()
    service_word_add(role=mod_role, word="Дурень", language="uk")
    _m, message = posting("ти дурень, іди геть", sender="sim-o")
    assert Report.objects.get(message=message).reason == "дурень"


def test_offensive_part_turned_off(community, posting):
    community.assistance = {"offensive": False}
    community.save(update_fields=["assistance"])
    _m, message = posting("you are a fucking idiot")
    assert not Report.objects.filter(message=message).exists()
    assert offensive_flag(message=message) is None


def test_words_page_add_search_remove_and_undo(mod_client, community, mod_role):
    url = f"/s/{community.slug}/moderation/words/"
    assert "No words of the service" in mod_client.get(url).content.decode()
    mod_client.post(url, {"word": "  Nacas   daran ", "language": "so"})
    mod_client.post(url, {"word": "дурень", "language": "uk"})
    assert sorted(ServiceWord.objects.values_list("word", flat=True)) == ["nacas daran", "дурень"]
    again = mod_client.post(url, {"word": "ДУРЕНЬ"}, follow=True).content.decode()
    assert "is already in the list" in again
    found = mod_client.get(url, {"q": "nacas"}).content.decode()
    assert "nacas daran" in found and "дурень" not in found
    word = ServiceWord.objects.get(word="дурень")
    remove = f"{url}{word.pk}/remove/"
    asked = mod_client.post(remove).content.decode()
    assert "Remove this word from the list?" in asked
    assert ServiceWord.objects.filter(pk=word.pk).exists()
    page = mod_client.post(remove, {"confirmed": "1"}, follow=True).content.decode()
    assert not ServiceWord.objects.filter(word="дурень").exists()
    assert "Undo" in page
    mod_client.post(url, {"word": "дурень", "language": "uk"})
    assert ServiceWord.objects.filter(word="дурень", language="uk").exists()


def test_words_page_is_for_moderators_of_this_service_only(client, community, mod_role):
    other = make_service()
    ServiceWord.objects.create(
        org=other.org, service=other, word="secret", created_at=timezone.now()
    )
    client.force_login(mod_role.user)
    assert client.get(f"/s/{other.slug}/moderation/words/").status_code in (403, 404)
    page = client.get(f"/s/{community.slug}/moderation/words/").content.decode()
    assert "secret" not in page

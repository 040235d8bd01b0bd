"""FAQ and canned replies pages: list, search, pages, forms with clear errors, tenancy."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from passerelle.faq import texts
from passerelle.faq.canned import canned_text, fill
from passerelle.faq.models import CannedReply, FaqEntry
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


def _form(**extra):
    # The services the factories make are in Toronto: their day, not the server's.
    today = timezone.localdate(timezone=ZoneInfo("America/Toronto"))
    return {
        "title": "Bus pass",
        "source_name": "OC Transpo",
        "source_url": "example.org/fares",
        "last_verified_on": today.isoformat(),
        "review_by": (today + timedelta(days=100)).isoformat(),
        "is_active": "on",
        "phrasings_ar": "كيف أحصل على بطاقة الحافلة؟\nسعر الباص الشهري",
        "answer_ar": "من محطات OC Transpo.",
        "answer_fr": "Aux stations OC Transpo.",
        **extra,
    }


def test_create_edit_search_and_paginate(moderator_client, service):
    url = f"/s/{service.slug}/faq/"
    response = moderator_client.post(url + "new/", _form())
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert entry.source_url == "https://example.org/fares"
    assert entry.answers == {"ar": "من محطات OC Transpo.", "fr": "Aux stations OC Transpo."}
    assert sorted(entry.phrasings.values_list("text", flat=True)) == [
        "سعر الباص الشهري",
        "كيف أحصل على بطاقة الحافلة؟",
    ]
    edit = moderator_client.get(f"{url}{entry.pk}/").content.decode()
    assert "سعر الباص الشهري" in edit
    moderator_client.post(f"{url}{entry.pk}/", _form(title="Bus pass (monthly)"))
    entry.refresh_from_db()
    assert entry.title == "Bus pass (monthly)" and entry.phrasings.count() == 2
    for i in range(25):
        moderator_client.post(
            url + "new/", _form(title=f"Entry {i:02d}", phrasings_ar=f"سؤال رقم {i}")
        )
    first = moderator_client.get(url).content.decode()
    assert "Page 1 of 2" in first
    found = moderator_client.get(url + "?q=الباص").content.decode()
    assert "Bus pass (monthly)" in found and "Entry 03" not in found


def test_form_errors_are_clear(moderator_client, service):
    today = timezone.localdate(timezone=service.tz)
    response = moderator_client.post(
        f"/s/{service.slug}/faq/new/",
        _form(
            title="",
            phrasings_ar="",
            answer_ar="",
            answer_fr="",
            source_url="not a url",
            review_by=(today - timedelta(days=3)).isoformat(),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 422
    for text in [
        "This field is required",
        "Write at least one way members ask",
        "Write the answer in at least one language",
        "Enter a valid URL",
        "The review date must come after the verification",
    ]:
        assert text in html, text
    assert not FaqEntry.objects.exists()


def test_stale_filter_and_mark_verified(moderator_client, service):
    moderator_client.post(f"/s/{service.slug}/faq/new/", _form())
    entry = FaqEntry.objects.get()
    FaqEntry.objects.filter(pk=entry.pk).update(
        review_by=timezone.localdate(timezone=service.tz) - timedelta(days=1),
        last_verified_on=timezone.localdate(timezone=service.tz) - timedelta(days=200),
    )
    listing = moderator_client.get(f"/s/{service.slug}/faq/?stale=1").content.decode()
    assert "Review overdue" in listing and "1 entry past its review date" in listing
    moderator_client.post(f"/s/{service.slug}/faq/{entry.pk}/verified/")
    entry.refresh_from_db()
    today = timezone.localdate(timezone=service.tz)
    assert entry.last_verified_on == today and not entry.is_stale(today)


def test_another_services_faq_is_404(client, service):
    make_staff(service, Role.MODERATOR)
    entry = FaqEntry.objects.create(
        org=service.org,
        service=service,
        title="secret",
        answers={"en": "x"},
        last_verified_on=timezone.localdate(timezone=service.tz),
        review_by=timezone.localdate(timezone=service.tz) + timedelta(days=5),
    )
    other = make_service()
    outsider, _ = make_staff(other, Role.MODERATOR)
    client.force_login(outsider)
    assert client.get(f"/s/{service.slug}/faq/").status_code == 404
    assert client.get(f"/s/{other.slug}/faq/{entry.pk}/").status_code == 404
    assert client.post(f"/s/{other.slug}/faq/{entry.pk}/verified/").status_code == 404
    assert "secret" not in client.get(f"/s/{other.slug}/faq/").content.decode()


def test_every_canned_reply_ships_in_english_french_and_arabic():
    assert set(texts.KINDS) == set(texts.DEFAULTS)
    for kind, by_language in texts.DEFAULTS.items():
        assert set(by_language) == {"en", "fr", "ar"}, kind
        assert all(text.strip() for text in by_language.values()), kind
        placeholders = set(texts.KINDS[kind][1].split())
        for text in by_language.values():
            for used in __import__("re").findall(r"\{[a-z_]+\}", text):
                assert used in placeholders, (kind, used)
    for key, words in texts.WORDS.items():
        assert set(words) == {"en", "fr", "ar"}, key


def test_canned_replies_are_editable_per_service(moderator_client, service):
    url = f"/s/{service.slug}/canned/"
    page = moderator_client.get(url).content.decode()
    assert "After-hours auto-reply" in page and "نرد على الرسائل" in page
    moderator_client.post(
        url, {"kind": "acknowledgement", "language": "fr", "text": "Merci {name}, on cherche !"}
    )
    assert canned_text(service, "acknowledgement", "fr", name="Lina") == (
        "Merci Lina, on cherche !",
        "fr",
    )
    other = make_service()
    assert "on cherche" not in canned_text(other, "acknowledgement", "fr", name="x")[0]
    # Emptying restores the default.
    moderator_client.post(url, {"kind": "acknowledgement", "language": "fr", "text": ""})
    assert not CannedReply.objects.exists()
    response = moderator_client.post(url, {"kind": "nope", "language": "fr", "text": "x"})
    assert response.status_code == 422


def test_canned_language_falls_back_to_the_services_language():
    service = make_service(languages=("ar", "en"))
    text, used = canned_text(service, "followup_yes", "es", name="Ana")
    assert used == "ar" and "Ana" in text
    assert fill("Hi {name} {typo}!", {"name": "Sam"}) == "Hi Sam !"

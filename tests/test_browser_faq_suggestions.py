"""A member asks in Arabic in the simulator; the moderator's card suggests the English and
French FAQ entry (no Arabic text in it, no shared word) and inserting it records it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.faq.models import FaqEntry
from passerelle.faq.services import faq_entry_save
from passerelle.orgs.models import Role
from passerelle.questions.models import Answer
from passerelle.questions.tests.helpers import make_standard
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "وين بقدر اطلع كرت صحي او بطاقة التأمين الصحي اونتاريو؟"
ENTRIES = [
    (
        "Health card (OHIP)",
        {"en": ["How do I apply for an Ontario health card?"], "fr": ["Carte santé OHIP ?"]},
        {"en": "Go to a ServiceOntario centre.", "fr": "Allez dans un centre ServiceOntario."},
    ),
    (
        "Bus pass",
        {"en": ["How do I get a monthly bus pass?"], "fr": ["Laissez-passer d'autobus ?"]},
        {"en": "Buy a Presto card.", "fr": "Achetez une carte Presto."},
    ),
    (
        "Food banks",
        {"en": ["Where is a food bank?"], "fr": ["Où est la banque alimentaire ?"]},
        {"en": "Call 211.", "fr": "Appelez le 211."},
    ),
    (
        "School registration",
        {"en": ["How do I register my kids at school?"], "fr": ["Inscrire mes enfants ?"]},
        {"en": "At the welcome centre.", "fr": "Au centre d'accueil."},
    ),
    (
        "English classes",
        {"en": ["Where can I take free English classes?"], "fr": ["Cours d'anglais ?"]},
        {"en": "LINC classes are free.", "fr": "Les cours CLIC sont gratuits."},
    ),
]


def test_an_arabic_question_gets_the_english_french_entry_and_inserting_records_it(
    live_server, page
):
    service = make_service("faq-semantic", languages=["ar", "fr", "en"])
    make_standard(service)
    channel = make_channel(service, "simulator")
    _user, role = make_staff(
        service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass"
    )
    today = timezone.localdate(timezone=service.tz)
    saved = {}
    for title, phrasings, answers in ENTRIES:
        saved[title] = faq_entry_save(
            role=role,
            entry=FaqEntry(
                title=title,
                answers=answers,
                last_verified_on=today,
                review_by=today + timedelta(days=90),
            ),
            phrasings=phrasings,
        )
    health = saved["Health card (OHIP)"]

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()

    member = page.context.new_page()
    member.goto(f"{live_server.url}/simulator/{channel.uuid}/")
    member.get_by_label("Name", exact=True).fill("سلمى")
    member.get_by_label("Language", exact=True).select_option("ar")
    member.get_by_role("button", name="Be this newcomer").click()
    member.get_by_label("Your message").fill(QUESTION)
    member.get_by_role("button", name="Post to the group").click()
    expect(member.locator("#sim-msgs")).to_contain_text(QUESTION)

    message = page.locator("li.msg", has_text=QUESTION)
    expect(message).to_be_visible(timeout=15_000)
    message.get_by_label("Label").select_option("request")
    card = page.locator(".qcard", has_text=QUESTION)
    suggestions = card.locator(".faq-suggestions li")
    expect(card.locator(".faq-suggestions legend")).to_have_text("Suggested answers")
    expect(card.locator(f'.faq-suggestions li[data-entry="{health.pk}"]')).to_be_visible()
    count = suggestions.count()
    assert 1 <= count <= 3
    # A rank, never a percentage.
    assert "%" not in card.locator(".faq-suggestions").inner_text()
    rank = int(
        card.locator(f'.faq-suggestions li[data-entry="{health.pk}"]').get_attribute("data-rank")
    )
    assert 1 <= rank <= 3

    card.get_by_role("button", name="Insert Health card (OHIP)").click()
    # No Arabic answer: the service's next language (French) is inserted.
    expect(card.get_by_label("Answer", exact=True)).to_have_value(
        "Allez dans un centre ServiceOntario."
    )
    expect(card.locator(".faq-used")).to_contain_text("Health card (OHIP)")
    card.get_by_role("button", name="Send answer").click()
    expect(card).to_have_attribute("data-status", "answered", timeout=10_000)
    expect(page.locator(".qcard", has_text=QUESTION)).to_contain_text(
        "from FAQ: Health card (OHIP)"
    )

    answer = Answer.objects.get(question__message__text=QUESTION)
    assert answer.faq_entry == health and answer.faq_language == "fr"
    assert answer.faq_rank == rank

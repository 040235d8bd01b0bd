"""A moderator turns a member's message into a question and answers it from the FAQ."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.faq.models import FaqEntry
from passerelle.faq.services import faq_entry_save
from passerelle.orgs.models import Role
from passerelle.questions.models import Answer, Question
from passerelle.questions.tests.helpers import inbound, make_member, make_standard
from passerelle.testing.factories import make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "كيف أسجل أولادي في المدرسة؟"
ANSWER_AR = "يتم التسجيل في مركز استقبال الطلاب التابع لمجلس المدارس. أحضروا جوازات السفر."


def test_moderator_answers_a_question_with_a_faq_entry(live_server, page):
    service = make_service("faq-browser")
    make_standard(service)
    _user, role = make_staff(
        service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass"
    )
    today = timezone.localdate(timezone=service.tz)
    entry = faq_entry_save(
        role=role,
        entry=FaqEntry(
            title="School registration",
            answers={"ar": ANSWER_AR, "en": "At the welcome centre."},
            source_name="School board",
            last_verified_on=today,
            review_by=today + timedelta(days=90),
        ),
        phrasings={"ar": ["كيف أسجل أطفالي في المدرسة"], "en": ["How do I register my kids?"]},
    )
    message = inbound(service, text=QUESTION, member=make_member(service, name="فاطمة"))

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(page.locator("#thread-questions")).to_contain_text("No open question here")

    # Labelling the message a request opens its question in the panel, without a reload.
    page.locator(f"#msg-{message.pk}").get_by_label("Label").select_option("request")
    card = page.locator(".qcard", has_text=QUESTION)
    expect(card).to_be_visible()
    expect(card.locator(".faq-suggestions")).to_contain_text("School registration")

    card.get_by_role("button", name="Insert").click()
    expect(card.get_by_label("Answer", exact=True)).to_have_value(ANSWER_AR)
    expect(card.locator(".faq-used")).to_contain_text("School registration")
    card.get_by_role("button", name="Send answer").click()

    answered = page.locator(f"#q-{message.question.pk}")
    expect(answered).to_have_attribute("data-status", "answered")
    expect(answered).to_contain_text("from FAQ: School registration")
    # The poller brings the answer into the conversation.
    expect(page.locator("li.msg.out", has_text=ANSWER_AR)).to_have_count(1, timeout=10_000)

    question = Question.objects.get()
    answer = Answer.objects.get(question=question)
    assert question.status == "answered" and question.answered_at is not None
    assert answer.faq_entry == entry and answer.faq_language == "ar"
    assert answer.message.text == ANSWER_AR and answer.message.reply_to == message
    assert answer.created_by.email == "mod@example.org"


def test_a_closed_card_is_drawn_when_opened_and_answers_like_the_first(live_server, page):
    """With many questions in a conversation only the first card is drawn whole; the
    others are their summary until the moderator opens one."""
    from passerelle.questions.tests.helpers import ask

    service = make_service("lazy-cards")
    make_standard(service)
    _user, role = make_staff(
        service, Role.MODERATOR, email="lazy@example.org", password="s3cret-pass"
    )
    now = timezone.now()
    questions = [
        ask(role, text=f"Question number {n}?", at=now - timedelta(hours=3 - n)) for n in range(3)
    ]
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("lazy@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={questions[0].thread_id}")
    first, last = page.locator(f"#q-{questions[0].pk}"), page.locator(f"#q-{questions[2].pk}")
    expect(first.get_by_role("button", name="Send answer")).to_be_visible()
    expect(last.get_by_role("button", name="Send answer")).to_have_count(0)

    last.locator("summary").first.click()
    expect(last.get_by_role("button", name="Send answer")).to_be_visible()
    last.get_by_label("Answer", exact=True).fill("Yes, on Saturdays.")
    last.get_by_role("button", name="Send answer").click()
    expect(page.locator(f"#q-{questions[2].pk}")).to_have_attribute("data-status", "answered")
    assert Question.objects.get(pk=questions[2].pk).status == "answered"
    assert Question.objects.get(pk=questions[0].pk).status == "open"

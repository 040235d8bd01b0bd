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

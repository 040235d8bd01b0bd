"""The inbox thread page and the polled question panel cost a bounded number of queries,
whatever the number of messages and questions they show (issue 11, point 3)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.conversations.services import message_reply
from passerelle.faq.models import FaqEntry
from passerelle.faq.services import faq_entry_save
from passerelle.orgs.models import Role
from passerelle.questions import services as question_services
from passerelle.questions.tests.helpers import ask, inbound, make_member
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = pytest.mark.django_db

# Issue 11's 25, the language assistance included (docs/nlp.md): the service's FAQ vectors
# are one query however many messages and questions the page shows, its label classifier is
# kept a minute per process (questions.label_suggestions).
MAX_QUERIES = 25
QUESTION_TEXT = "كيف أسجل أولادي في المدرسة؟"


def _faq(role):
    today = timezone.localdate(timezone=role.service.tz)
    for title, days in (("School registration", 90), ("School transport", -5)):
        entry = FaqEntry(
            title=title,
            answers={"ar": "سجلوا في مركز استقبال الطلاب.", "en": "At the welcome centre."},
            source_name="Ottawa school boards",
            source_url="https://example.org/schools",
            last_verified_on=today - timedelta(days=100),
            review_by=today + timedelta(days=days),
        )
        faq_entry_save(role=role, entry=entry, phrasings={"ar": [QUESTION_TEXT]})


def group_thread(role, *, messages: int, questions: int):
    """A busy group thread: `questions` requests, then staff replies and member answers
    (some replying to a request) until it holds `messages` messages."""
    service = role.service
    _faq(role)
    start = timezone.now() - timedelta(hours=3)
    asked = [
        ask(role, text=f"{QUESTION_TEXT} {n}", at=start + timedelta(seconds=n))
        for n in range(questions)
    ]
    thread = asked[0].thread
    make_staff(service, Role.ADMIN)
    question_services.question_assign(role=role, question=asked[0], assignee=role.user)
    question_services.question_answer(role=role, question=asked[1], text="Au centre d'accueil.")
    others = [make_member(service, language="fr") for _ in range(3)]
    for n in range(messages - thread.messages.count()):
        target = asked[n % questions].message
        if n % 3 == 0:
            message_reply(role=role, thread=thread, text=f"Réponse {n}", reply_to=target)
        else:
            inbound(
                service,
                text=f"Au centre {n}",
                member=others[n % 3],
                reply_to=target if n % 2 else None,
                at=timezone.now() - timedelta(minutes=1),
            )
    assert thread.messages.count() == messages
    return thread


@pytest.fixture
def mod(client, service, sim_channel):
    user, role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    return role


def cards(questions):
    """The cards shown: up to 20 waiting questions, then the one answered today."""
    return min(questions - 1, 20) + 1


def _inbox(client, role, thread):
    return client.get(f"/s/{role.service.slug}/inbox/?thread={thread.pk}")


def _panel(client, role, thread):
    return client.get(f"/s/{role.service.slug}/threads/{thread.pk}/questions/")


@pytest.mark.parametrize(("messages", "questions"), [(40, 15), (80, 30)])
def test_group_thread_page_queries_are_bounded(
    client, mod, messages, questions, django_assert_max_num_queries
):
    thread = group_thread(mod, messages=messages, questions=questions)
    _inbox(client, mod, thread)  # the first view marks the thread read
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = _inbox(client, mod, thread)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="msg ') == min(messages, 50)
    assert body.count('class="qcard') == cards(questions)
    print(f"inbox {messages}/{questions}: {len(captured)} queries")


def test_group_thread_page_queries_do_not_grow(client):
    """Twice the messages and questions, the same count: nothing is read per row."""
    counts = []
    for messages, questions in ((40, 15), (80, 30)):
        user, role = make_staff(make_service(), Role.MODERATOR)
        make_channel(role.service, "simulator")
        client.force_login(user)
        thread = group_thread(role, messages=messages, questions=questions)
        _inbox(client, role, thread)
        with CaptureQueriesContext(connection) as captured:
            _inbox(client, role, thread)
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(("messages", "questions"), [(40, 15), (80, 30)])
def test_polled_question_panel_queries_are_bounded(
    client, mod, messages, questions, django_assert_max_num_queries
):
    thread = group_thread(mod, messages=messages, questions=questions)
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = _panel(client, mod, thread)
    assert response.status_code == 200
    assert response.content.decode().count('class="qcard') == cards(questions)
    print(f"panel {messages}/{questions}: {len(captured)} queries")

"""Labelling many messages at once from the inbox: one label, the rule of one label."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from passerelle.conversations.models import Message
from passerelle.conversations.services import group_thread_for, messages_record
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.questions.models import Question
from passerelle.testing.factories import make_service, make_staff


@pytest.fixture
def history(service):
    """Five imported messages, as an export leaves them: unlabelled."""
    member, _created = member_for_identity(
        org=service.org, platform="whatsapp_export", address="name-amira", name="Amira"
    )
    start = timezone.now() - timedelta(days=400)
    return messages_record(
        [
            {
                "thread": group_thread_for(service),
                "direction": "in",
                "member": member,
                "text": f"question {n}",
                "at": start + timedelta(days=n),
                "platform_message_id": f"wa:{n}",
                "extra": {"imported": "whatsapp_export"},
            }
            for n in range(5)
        ]
    )


def _url(service, apply=False):
    return f"/s/{service.slug}/inbox/label/" + ("apply/" if apply else "")


def _listed(html):
    return [int(n) for n in re.findall(r'name="message" value="(\d+)"', html)]


def test_the_page_lists_unlabelled_messages_with_a_select_all(moderator_client, service, history):
    page = moderator_client.get(_url(service)).content.decode()
    assert _listed(page) == [m.pk for m in history]  # oldest first
    assert 'data-select-all="message"' in page and "<script" not in page.split("</head>")[1]
    inbox = moderator_client.get(f"/s/{service.slug}/inbox/").content.decode()
    assert _url(service) in inbox


def test_many_messages_get_one_label_and_the_page_says_how_many(moderator_client, service, history):
    chosen = [history[0].pk, history[2].pk, history[3].pk]
    response = moderator_client.post(
        _url(service, apply=True),
        {"message": chosen, "label": "information", "show": "unlabelled", "page": "1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url(service) + "?show=unlabelled&page=1"
    assert "3 messages now have the label “Information”." in response.content.decode()
    labelled = Message.objects.filter(label="information")
    assert sorted(labelled.values_list("pk", flat=True)) == chosen
    assert {m.labelled_by_id for m in labelled} == {response.wsgi_request.user.pk}
    # The unlabelled list no longer shows them.
    assert _listed(response.content.decode()) == [history[1].pk, history[4].pk]


def test_requests_for_information_open_questions_as_one_label_does(
    moderator_client, service, history
):
    moderator_client.post(
        _url(service, apply=True), {"message": [history[0].pk, history[1].pk], "label": "request"}
    )
    # Imported history was dealt with back then: its questions are recorded closed, with
    # no clock, so labelling last year's messages raises no overdue alert.
    assert Question.objects.filter(status="closed", due_at=None).count() == 2
    assert {q.received_at for q in Question.objects.all()} == {
        history[0].created_at,
        history[1].created_at,
    }
    # Labels can be changed again: relabelling cancels the waiting questions.
    moderator_client.post(
        _url(service, apply=True), {"message": [history[0].pk, history[1].pk], "label": "other"}
    )
    assert Question.objects.filter(status="cancelled").count() == 2
    # And back again: closed once more, still without a clock.
    moderator_client.post(
        _url(service, apply=True), {"message": [history[0].pk], "label": "request"}
    )
    assert Question.objects.get(message=history[0]).status == "closed"
    moderator_client.post(_url(service, apply=True), {"message": [history[0].pk], "label": "clear"})
    history[0].refresh_from_db()
    assert history[0].label == ""


def test_nothing_chosen_changes_nothing(moderator_client, service, history):
    response = moderator_client.post(
        _url(service, apply=True), {"message": [history[0].pk]}, follow=True
    )
    assert "Choose the label to apply." in response.content.decode()
    response = moderator_client.post(
        _url(service, apply=True), {"label": "information"}, follow=True
    )
    assert "Select at least one message." in response.content.decode()
    assert not Message.objects.exclude(label="").exists()


def test_a_message_of_another_service_cannot_be_labelled(moderator_client, service, history):
    other = make_service()
    member, _created = member_for_identity(org=other.org, platform="sim", address="x")
    (foreign,) = messages_record(
        [
            {
                "thread": group_thread_for(other),
                "direction": "in",
                "member": member,
                "text": "not yours",
                "at": timezone.now(),
            }
        ]
    )
    response = moderator_client.post(
        _url(service, apply=True), {"message": [history[0].pk, foreign.pk], "label": "other"}
    )
    assert response.status_code == 403
    assert not Message.objects.exclude(label="").exists()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER])
def test_staff_who_may_not_label_are_refused(client, service, history, role):
    user, _role = make_staff(service, role)
    client.force_login(user)
    assert client.get(_url(service)).status_code == 403
    response = client.post(
        _url(service, apply=True), {"message": [history[0].pk], "label": "request"}
    )
    assert response.status_code == 403
    assert not Question.objects.exists() and not Message.objects.exclude(label="").exists()


def test_a_service_you_have_no_role_in_does_not_exist(client, history):
    other = make_service()
    user, _role = make_staff(other, Role.MODERATOR)
    client.force_login(user)
    assert client.get(_url(history[0].service)).status_code == 404


def test_the_form_needs_its_csrf_token(service, history, moderator):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    response = strict.post(_url(service, apply=True), {"message": [history[0].pk], "label": "x"})
    assert response.status_code == 403


def test_filters_and_pages(moderator_client, service, history):
    Message.objects.filter(pk=history[0].pk).update(label="other")
    every = moderator_client.get(_url(service) + "?show=all").content.decode()
    assert len(_listed(every)) == 5
    found = moderator_client.get(_url(service) + "?q=question%203").content.decode()
    assert _listed(found) == [history[3].pk]
    imported = moderator_client.get(_url(service) + "?imported=1").content.decode()
    assert len(_listed(imported)) == 4


def test_a_live_message_labelled_in_bulk_opens_a_timed_question(moderator_client, service):
    member, _created = member_for_identity(
        org=service.org, platform="telegram", address="42", name="Luc"
    )
    (live,) = messages_record(
        [
            {
                "thread": group_thread_for(service),
                "direction": "in",
                "member": member,
                "text": "where?",
                "at": timezone.now(),
            }
        ]
    )
    moderator_client.post(_url(service, apply=True), {"message": [live.pk], "label": "request"})
    question = Question.objects.get(message=live)
    assert question.status == "open" and question.due_at is not None

"""Question pages over HTTP: inbox views, the inbox block, settings, tenancy, partner role."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.orgs.models import Role, StaffRole
from passerelle.questions import services
from passerelle.questions.models import Question
from passerelle.questions.tests.helpers import ask, inbound, make_standard
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(moderator):
    return StaffRole.objects.get(user=moderator)


def _rows(html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'<tr data-question="(\d+)"', html)]


def test_open_view_lists_by_due_time_overdue_first(moderator_client, service, role):
    make_standard(service)
    recent = ask(role, text="recent")
    old = ask(role, text="old", at=timezone.now() - timedelta(days=9))
    middle = ask(role, text="middle", at=timezone.now() - timedelta(days=1))
    page = moderator_client.get(f"/s/{service.slug}/questions/").content.decode()
    assert _rows(page) == [old.pk, middle.pk, recent.pk]
    assert "past its due time" in page and 'class="overdue"' in page


def test_mine_unassigned_and_answered_today(moderator_client, service, role):
    mine, theirs, answered = ask(role, text="mine"), ask(role, text="theirs"), ask(role)
    services.question_assign(role=role, question=mine, assignee=role.user)
    services.question_answer(role=role, question=answered, text="done")
    url = f"/s/{service.slug}/questions/?view="
    assert _rows(moderator_client.get(url + "mine").content.decode()) == [mine.pk]
    assert _rows(moderator_client.get(url + "unassigned").content.decode()) == [theirs.pk]
    assert _rows(moderator_client.get(url + "answered_today").content.decode()) == [answered.pk]
    found = moderator_client.get(url + "open&q=theirs").content.decode()
    assert _rows(found) == [theirs.pk]


def test_a_search_counts_a_few_pages_ahead_and_pages_on(
    moderator_client, service, role, monkeypatch
):
    from passerelle.questions import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "SEARCH_COUNT_AHEAD", 2)
    now = timezone.now()
    asked = [ask(role, text=f"food bank {n}", at=now - timedelta(minutes=n)) for n in range(7)]
    ask(role, text="bus pass")
    url = f"/s/{service.slug}/questions/?view=all&q=food+bank"
    first = moderator_client.get(url).content.decode()
    assert _rows(first) == [asked[0].pk, asked[1].pk]
    # 4 counted (the page and 2 ahead), 7 match: no total claimed.
    assert "more than 4 questions match" in first and "Page 1 of" not in first
    assert "page=2" in first
    third = moderator_client.get(url + "&page=3").content.decode()
    assert _rows(third) == [asked[4].pk, asked[5].pk]
    assert "Page 3 of 4" in third  # counted to the end from here: exact
    last = moderator_client.get(url + "&page=9").content.decode()
    assert _rows(last) == [asked[6].pk] and "Page 4 of 4" in last
    plain = moderator_client.get(f"/s/{service.slug}/questions/?view=all").content.decode()
    assert "Page 1 of 4" in plain  # no search: the whole list counted (8 questions)


def test_inbox_shows_the_question_block_and_the_nav_badge(moderator_client, service, role):
    question = ask(role, at=timezone.now() - timedelta(days=9))
    page = moderator_client.get(f"/s/{service.slug}/inbox/?thread={question.thread_id}")
    html = page.content.decode()
    assert f'id="q-{question.pk}"' in html and "Send answer" in html
    assert 'title="Overdue questions"' in html
    panel = moderator_client.get(f"/s/{service.slug}/threads/{question.thread_id}/questions/")
    assert f'id="q-{question.pk}"' in panel.content.decode()


def test_panel_actions_over_htmx(moderator_client, service, role):
    question = ask(role)
    base = f"/s/{service.slug}/questions/{question.pk}"
    response = moderator_client.post(f"{base}/assign/", {"assignee": "me"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and role.user.email in response.content.decode()
    response = moderator_client.post(f"{base}/answer/", {"text": " "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "Write a message" in response.content.decode()
    response = moderator_client.post(f"{base}/answer/", {"text": "Voici la réponse"})
    assert response.status_code == 302 and response["Location"] == f"{base}/"
    question.refresh_from_db()
    assert question.status == "answered" and question.assignee == role.user
    detail = moderator_client.get(f"{base}/").content.decode()
    assert "History" in detail and "Answered" in detail


def test_service_standard_form_saves_and_explains_errors(client, service):
    admin, _role = make_staff(service, Role.ADMIN)
    login_verified(client, admin)
    url = f"/s/{service.slug}/questions/standard/"
    data = {
        "target_hours": "48",
        "counting": "business_days",
        "timezone": "",
        "subdivision": "QC",
        "warn_before_minutes": "90",
        "digest_hour": "8",
        "referral_followup_days": "10",
        "closure_text": "2026-12-24\n2026-12-31",
        "day_0": "09:00-12:00, 13:00-17:00",
        "day_4": "9:00-13:00",
    }
    response = client.post(url, {**data, "day_2": "9h to 5h", "closure_text": "24/12"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Write periods like 09:00-12:00" in html and "is not a date like" in html
    assert client.post(url, data).status_code == 302
    standard = service.standard
    assert standard.target_hours == 48 and standard.subdivision == "QC"
    assert standard.opening_hours == {
        "0": [["09:00", "12:00"], ["13:00", "17:00"]],
        "4": [["09:00", "13:00"]],
    }
    assert standard.closure_days == ["2026-12-24", "2026-12-31"]
    assert client.post(url, {**data, "day_0": "", "day_4": ""}).status_code == 422


def test_moderators_cannot_change_the_standard(moderator_client, service):
    assert moderator_client.get(f"/s/{service.slug}/questions/standard/").status_code == 404


def test_another_services_questions_are_404(client, service, role):
    question = ask(role)
    other = make_service()
    outsider, _ = make_staff(other, Role.MODERATOR)
    client.force_login(outsider)
    assert client.get(f"/s/{service.slug}/questions/").status_code == 404
    for path in ["", "card/"]:
        assert client.get(f"/s/{other.slug}/questions/{question.pk}/{path}").status_code == 404
    for action in ["acknowledge", "assign", "answer", "close", "reopen", "verify", "answered"]:
        response = client.post(
            f"/s/{other.slug}/questions/{question.pk}/{action}/", {"text": "x", "assignee": "me"}
        )
        assert response.status_code == 404, action
    thread_url = f"/s/{other.slug}/threads/{question.thread_id}/questions/"
    assert client.get(thread_url).status_code == 404
    question.refresh_from_db()
    assert question.status == "open" and question.assignee is None


def test_partner_specialist_sees_only_questions_assigned_to_them(client, service, role):
    partner, partner_role = make_staff(service, Role.PARTNER)
    assigned, hidden = ask(role, text="for the partner"), ask(role, text="not for them")
    services.question_assign(role=role, question=assigned, assignee=partner)
    client.force_login(partner)
    page = client.get(f"/s/{service.slug}/questions/?view=all").content.decode()
    assert _rows(page) == [assigned.pk]
    assert client.get(f"/s/{service.slug}/questions/{hidden.pk}/").status_code == 404
    response = client.post(
        f"/s/{service.slug}/questions/{assigned.pk}/answer/", {"text": "Réponse du partenaire"}
    )
    assert response.status_code == 302
    assert Question.objects.get(pk=assigned.pk).status == "answered"
    panel = client.get(f"/s/{service.slug}/threads/{hidden.thread_id}/questions/")
    assert f'id="q-{hidden.pk}"' not in panel.content.decode()
    assert f'id="q-{assigned.pk}"' in panel.content.decode()


def test_viewer_has_no_question_pages(client, service, role):
    question = ask(role)
    viewer, _ = make_staff(service, Role.VIEWER)
    client.force_login(viewer)
    assert client.get(f"/s/{service.slug}/questions/").status_code == 404
    assert client.get(f"/s/{service.slug}/questions/{question.pk}/").status_code == 404


def test_label_view_opens_the_question(moderator_client, service):
    message = inbound(service)
    moderator_client.post(f"/s/{service.slug}/messages/{message.pk}/label/", {"label": "request"})
    assert Question.objects.get().message == message


def test_service_standard_page_shows_the_time_zone_data_version(client, service):
    import tzdata

    admin, _role = make_staff(service, Role.ADMIN)
    login_verified(client, admin)
    page = client.get(f"/s/{service.slug}/questions/standard/").content.decode()
    assert f"IANA {tzdata.IANA_VERSION} (tzdata " in page

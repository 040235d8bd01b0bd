"""The caseload's tabs (mine, due this week, overdue, lost contact, all), its counts,
status and name filters and pages; and the file's pages driven through their forms."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from passerelle.cases.enrolment import client_enrol
from passerelle.cases.models import CallLog, CaseNote, ClientFile
from passerelle.cases.selectors import caseload, caseload_counts
from passerelle.cases.services import call_log_add, case_note_add
from passerelle.communities.services import membership_ensure
from passerelle.members.models import ConsentEvent
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import make_member
from passerelle.testing.factories import make_staff

pytestmark = pytest.mark.django_db


def _client(calgary, worker, name, **fields):
    member = make_member(calgary, name=name)
    membership_ensure(service=calgary, member=member)
    file = client_enrol(role=worker, member=member)
    ClientFile.objects.filter(pk=file.pk).update(**fields)
    return file


def test_each_tab_holds_its_files_and_counts_them(calgary, worker):
    now = timezone.now()
    colleague, colleague_role = make_staff(calgary, Role.MODERATOR)
    _client(calgary, worker, "Due Soon", next_followup_at=now + timedelta(days=3))
    _client(calgary, worker, "Late", next_followup_at=now - timedelta(days=1))
    _client(calgary, worker, "Far", next_followup_at=now + timedelta(days=20))
    _client(calgary, worker, "Silent", checkins_unanswered=2)
    _client(calgary, worker, "Theirs", caseworker=colleague)
    _client(calgary, worker, "Closed Late", status="closed", next_followup_at=now - timedelta(1))

    def names(view, **kw):
        return [f.member.display_name for f in caseload(worker, view=view, now=now, **kw)]

    assert names("mine") == ["Due Soon", "Far", "Late", "Silent"]
    assert names("due") == ["Due Soon"]
    assert names("overdue") == ["Late"]  # a closed file is followed no more
    assert names("lost") == ["Silent"]
    assert len(names("all")) == 6
    assert names("all", status="closed") == ["Closed Late"]
    assert names("all", query="late") == ["Closed Late", "Late"]
    assert caseload_counts(worker, now=now) == {
        "mine": 4,
        "due": 1,
        "overdue": 1,
        "lost": 1,
        "all": 6,
    }
    assert [f.member.display_name for f in caseload(colleague_role, now=now)] == ["Theirs"]


def test_the_caseload_page_shows_tabs_with_counts_and_pages(client, calgary, worker):
    for n in range(27):
        _client(calgary, worker, f"Client {n:02}")
    client.force_login(worker.user)
    url = reverse("cases:caseload", args=[calgary.slug])
    page = client.get(url).content.decode()
    assert 'aria-current="page">My clients <span class="badge">27</span>' in page
    assert "Client 00" in page and "Client 26" not in page and "Page 1 of 2" in page
    second = client.get(url, {"page": 2}).content.decode()
    assert "Client 26" in second
    found = client.get(url, {"q": "client 1", "view": "all"}).content.decode()
    assert found.count('<tr data-file="') == 10


def test_the_file_forms_write_notes_calls_consent_and_status(client, calgary, worker, amira_file):
    client.force_login(worker.user)
    slug, pk = calgary.slug, amira_file.pk
    file_url = reverse("cases:file", args=[slug, pk])
    response = client.post(reverse("cases:note_add", args=[slug, pk]), {"text": "First meeting"})
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{pk}/#note")
    when = timezone.localtime(timezone.now() - timedelta(hours=1), calgary.tz)
    response = client.post(
        reverse("cases:call_add", args=[slug, pk]),
        {
            "kind": "phone",
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 12,
            "summary": "Rent",
        },
    )
    assert response.status_code == 302
    call = CallLog.objects.get()
    # The time typed is the service's local time.
    assert abs((call.occurred_at - when).total_seconds()) < 60
    bad = client.post(reverse("cases:call_add", args=[slug, pk]), {"kind": "phone"})
    assert bad.status_code == 422
    response = client.post(
        reverse("cases:consent_add", args=[slug, pk]),
        {"purpose": "service", "action": "given", "how": "verbal"},
    )
    assert response.status_code == 302
    assert ConsentEvent.objects.get().via == "staff:verbal"
    page = client.get(file_url).content.decode()
    assert "First meeting" in page and "Rent" in page and "Call logged" in page
    assert "Receive the one-to-one service" in page
    assert CaseNote.objects.get().author == worker.user
    # Closing: a reason, then the confirmation page, then closed.
    status_url = reverse("cases:status", args=[slug, pk])
    assert client.post(status_url, {"status": "closed"}).status_code == 422
    asked = client.post(status_url, {"status": "closed", "reason": "Moved away"})
    assert asked.status_code == 200 and "Close the file" in asked.content.decode()
    assert ClientFile.objects.get().status == "enrolled"
    done = client.post(status_url, {"status": "closed", "reason": "Moved away", "confirmed": "1"})
    assert done.status_code == 302 and ClientFile.objects.get().status == "closed"


def test_the_edit_form_saves_and_the_history_says_what_changed(client, calgary, worker, amira_file):
    client.force_login(worker.user)
    url = reverse("cases:edit", args=[calgary.slug, amira_file.pk])
    response = client.post(
        url,
        {
            "name": "أميرة",
            "languages": ["ar", "en"],
            "help_way": "online",
            "digital_skills": "low",
            "emergency_contacts": "Omar 403-555-0100",
            "caseworker": worker.user_id,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:file", args=[calgary.slug, amira_file.pk])).content
    page = page.decode()
    assert "Preferred way to get help: Either → Online" in page
    assert "Omar 403-555-0100" in page


def test_the_note_action_on_a_message_attaches_the_note(client, calgary, worker, amira_file):
    from passerelle.questions.tests.helpers import inbound

    message = inbound(calgary, member=amira_file.member, private=True, text="موعدي غدا")
    client.force_login(worker.user)
    url = reverse("cases:message_note", args=[calgary.slug, message.pk])
    assert "موعدي غدا" in client.get(url).content.decode()
    assert client.post(url, {"text": "Remind her"}).status_code == 302
    assert CaseNote.objects.get().message == message


def _page_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_caseload_and_file_pages_cost_the_same_whatever_the_caseload(
    client, calgary, worker, amira_file
):
    client.force_login(worker.user)
    caseload_url = reverse("cases:caseload", args=[calgary.slug])
    file_url = reverse("cases:file", args=[calgary.slug, amira_file.pk])
    few = (_page_queries(client, caseload_url), _page_queries(client, file_url))
    for n in range(30):
        _client(calgary, worker, f"More {n}")
    for n in range(10):
        call_log_add(
            role=worker,
            file=amira_file,
            kind="phone",
            occurred_at=timezone.now() - timedelta(hours=n + 1),
            duration_minutes=5,
        )
        case_note_add(role=worker, file=amira_file, text=f"note {n}")
    many = (_page_queries(client, caseload_url), _page_queries(client, file_url))
    assert many == few, (few, many)

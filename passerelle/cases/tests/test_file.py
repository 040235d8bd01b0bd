"""The client file's changes, status, notes and calls: each writes its event."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.services import (
    call_log_add,
    case_note_add,
    client_file_update,
    client_status_set,
)
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import inbound, make_member
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


def test_an_update_records_each_change_with_old_and_new_values(worker, amira_file):
    changes = client_file_update(
        role=worker,
        file=amira_file,
        name="أميرة حسن",
        languages=["en", "ar"],
        help_way="in_person",
        emergency_contacts="Omar (brother) 403-555-0100",
        goals=["housing", "housing", "work"],
    )
    assert set(changes) == {"name", "languages", "help_way", "emergency_contacts", "goals"}
    event = amira_file.events.get(kind=CaseEvent.Kind.UPDATED)
    assert event.actor == worker.user
    assert event.data["changes"]["help_way"] == {"old": "either", "new": "in_person"}
    assert event.data["changes"]["name"] == {"old": "أميرة", "new": "أميرة حسن"}
    amira_file.refresh_from_db()
    assert amira_file.goals == ["housing", "work"]
    amira_file.member.refresh_from_db()
    # The person is written to in the first language of their file.
    assert (amira_file.member.display_name, amira_file.member.language) == ("أميرة حسن", "en")
    # Saving the same values again is no change and no event.
    assert client_file_update(role=worker, file=amira_file, help_way="in_person") == {}
    assert amira_file.events.filter(kind=CaseEvent.Kind.UPDATED).count() == 1


def test_a_bad_choice_and_another_service_are_refused(worker, amira_file, calgary):
    with pytest.raises(ValidationError):
        client_file_update(role=worker, file=amira_file, help_way="by_pigeon")
    other = make_service(org=calgary.org)
    _user, other_role = make_staff(other, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        client_file_update(role=other_role, file=amira_file, preferred_times="x")


def test_the_caseworker_changes_to_a_colleague_only(worker, amira_file, calgary):
    colleague, _role = make_staff(calgary, Role.ADMIN, email="lead@example.org")
    partner, _role = make_staff(calgary, Role.PARTNER)
    with pytest.raises(ValidationError):
        client_file_update(role=worker, file=amira_file, caseworker=partner)
    client_file_update(role=worker, file=amira_file, caseworker=colleague)
    event = amira_file.events.get(kind=CaseEvent.Kind.UPDATED)
    assert event.data["changes"]["caseworker"] == {
        "old": "worker@example.org",
        "new": "lead@example.org",
    }


def test_status_changes_need_a_reason_and_closing_a_confirmation(worker, amira_file):
    with pytest.raises(ValidationError, match="reason"):
        client_status_set(role=worker, file=amira_file, status="paused")
    client_status_set(role=worker, file=amira_file, status="paused", reason="Travelling")
    with pytest.raises(ValidationError, match="Confirm"):
        client_status_set(role=worker, file=amira_file, status="closed", reason="Goals met")
    assert ClientFile.objects.get().status == "paused"
    client_status_set(
        role=worker, file=amira_file, status="closed", reason="Goals met", confirmed=True
    )
    file = ClientFile.objects.get()
    assert (file.status, file.status_reason) == ("closed", "Goals met")
    assert file.closed_at is not None
    events = list(file.events.filter(kind=CaseEvent.Kind.STATUS_CHANGED))
    assert [(e.data["old"], e.data["new"], e.reason) for e in events] == [
        ("enrolled", "paused", "Travelling"),
        ("paused", "closed", "Goals met"),
    ]
    # Reopening needs no reason, and clears the closing date.
    client_status_set(role=worker, file=file, status="enrolled")
    file.refresh_from_db()
    assert file.status == "enrolled" and file.closed_at is None
    with pytest.raises(ValidationError, match="already"):
        client_status_set(role=worker, file=file, status="enrolled")


def test_a_stale_status_form_does_not_overwrite(worker, amira_file):
    stale = ClientFile.objects.get(pk=amira_file.pk)
    client_status_set(role=worker, file=amira_file, status="paused", reason="Away")
    with pytest.raises(ValidationError, match="meanwhile"):
        client_status_set(role=worker, file=stale, status="limited", reason="Off topic")


def test_notes_with_and_without_a_message(worker, amira_file, calgary):
    message = inbound(calgary, member=amira_file.member, private=True, text="عندي موعد")
    note = case_note_add(role=worker, file=amira_file, text="Asked about the appointment")
    on_message = case_note_add(role=worker, file=amira_file, text="Follow up", message=message)
    assert (note.author, note.message, on_message.message) == (worker.user, None, message)
    assert [e.data["note"] for e in amira_file.events.filter(kind="note")] == [
        note.pk,
        on_message.pk,
    ]
    someone_else = inbound(calgary, member=make_member(calgary), private=True)
    with pytest.raises(ValidationError, match="not from this client"):
        case_note_add(role=worker, file=amira_file, text="x", message=someone_else)
    with pytest.raises(ValidationError):
        case_note_add(role=worker, file=amira_file, text="   ")


def test_a_call_is_logged_and_is_the_last_contact(worker, amira_file):
    when = timezone.now() - timedelta(hours=2)
    call = call_log_add(
        role=worker,
        file=amira_file,
        kind="video",
        occurred_at=when,
        duration_minutes=25,
        summary="Went through the lease",
    )
    file = ClientFile.objects.get()
    assert file.last_contact_at == when and call.logged_by == worker.user
    event = file.events.get(kind="call")
    assert event.data == {"call": call.pk, "kind": "video", "minutes": 25}
    with pytest.raises(ValidationError, match="future"):
        call_log_add(
            role=worker,
            file=file,
            kind="phone",
            occurred_at=timezone.now() + timedelta(days=1),
            duration_minutes=5,
        )
    with pytest.raises(ValidationError, match="1 to 600"):
        call_log_add(role=worker, file=file, kind="phone", occurred_at=when, duration_minutes=0)

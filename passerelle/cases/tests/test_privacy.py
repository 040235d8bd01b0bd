"""The person's export holds their client file, its events, the notes and the calls; the
erasure of their data deletes the notes and calls and blanks the file's free text."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.cases.models import CallLog, CaseEvent, CaseNote, ClientFile
from passerelle.cases.services import (
    call_log_add,
    case_note_add,
    client_file_update,
    client_status_set,
)
from passerelle.privacy.erasure import member_erase
from passerelle.privacy.export import member_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_file(worker, amira_file):
    client_file_update(
        role=worker, file=amira_file, emergency_contacts="Omar 403-555-0100", goals_text="A job"
    )
    case_note_add(role=worker, file=amira_file, text="Landlord dispute")
    call_log_add(
        role=worker,
        file=amira_file,
        kind="phone",
        occurred_at=timezone.now() - timedelta(hours=1),
        duration_minutes=10,
        summary="Talked about the lease",
    )
    client_status_set(role=worker, file=amira_file, status="paused", reason="Travelling to Amman")
    return amira_file


def test_the_export_holds_the_file_events_notes_and_calls(calgary, full_file):
    archive = zipfile.ZipFile(io.BytesIO(member_export(service=calgary, member=full_file.member)))
    data = json.loads(archive.read("data.json"))
    assert data["client_file"][0]["emergency_contacts"] == "Omar 403-555-0100"
    assert data["client_file"][0]["caseworker"] == "staff"
    assert [e["kind"] for e in data["case_events"]] == [
        "enrolled",
        "updated",
        "note",
        "call",
        "status_changed",
    ]
    assert data["case_notes"][0]["text"] == "Landlord dispute"
    assert data["calls"][0]["summary"] == "Talked about the lease"
    assert "case_notes.csv" in archive.namelist()


def test_erasure_removes_notes_calls_and_free_text(calgary, worker, full_file):
    member_erase(member=full_file.member, reason="asked", actor=worker.user, service=calgary)
    file = ClientFile.objects.get()
    assert (file.emergency_contacts, file.goals_text, file.status_reason) == ("", "", "")
    assert not CaseNote.objects.exists() and not CallLog.objects.exists()
    events = CaseEvent.objects.filter(file=file)
    assert events.count() == 5  # what happened, and when, stays for the counts
    assert not any(e.reason for e in events)
    updated = events.get(kind="updated")
    assert updated.data == {"fields": ["emergency_contacts", "goals_text"]}
    assert "Omar" not in json.dumps([e.data for e in events])

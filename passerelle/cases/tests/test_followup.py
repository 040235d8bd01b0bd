"""The follow-up plan and the check-in: sent by the scheduler when due (claimed once),
answered with a number, missed when it expires; two missed in a row is "lost contact"."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.cases import followup
from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.sweep import case_followups_sweep
from passerelle.cases.tests.helpers import caseworker, client_says, make_file
from passerelle.prompts.answering import prompt_reply
from passerelle.prompts.models import Prompt
from passerelle.prompts.sweep import prompt_deadlines_sweep

pytestmark = pytest.mark.django_db
Kind = CaseEvent.Kind


def _due(file, at=None):
    ClientFile.objects.filter(pk=file.pk).update(
        next_followup_at=at or timezone.now() - timedelta(minutes=1)
    )


def test_next_followup_by_cadence_at_ten_local(service):
    tz = service.tz
    start = datetime(2026, 1, 31, 15, 0, tzinfo=tz)
    assert followup.next_followup("weekly", start, tz) == datetime(2026, 2, 7, 10, tzinfo=tz)
    assert followup.next_followup("biweekly", start, tz) == datetime(2026, 2, 14, 10, tzinfo=tz)
    # A calendar month, the last day when the month is shorter.
    assert followup.next_followup("monthly", start, tz) == datetime(2026, 2, 28, 10, tzinfo=tz)


def test_plan_and_done_by_hand_move_the_date(service):
    _user, role = caseworker(service)
    file = make_file(service)
    followup.followup_plan(role=role, file=file, cadence="weekly")
    file.refresh_from_db()
    today = timezone.localdate(timezone=service.tz)
    assert file.followup_cadence == "weekly"
    assert file.next_followup_at.astimezone(service.tz).date() == today + timedelta(days=7)
    planned = file.events.get(kind=Kind.FOLLOWUP_PLANNED)
    assert planned.data["from"] == "monthly" and planned.data["to"] == "weekly"
    _due(file, timezone.now() - timedelta(days=3))
    file.refresh_from_db()
    event = followup.followup_done(role=role, file=file)
    assert event.data["on_time"] is False  # three days late
    file.refresh_from_db()
    assert file.next_followup_at > timezone.now() + timedelta(days=6)
    assert file.last_contact_at is not None


def test_the_checkin_is_sent_once_answered_two_and_recorded(service, sim_channel):
    file = make_file(service, language="ar")
    _due(file)
    assert case_followups_sweep() == 1
    assert case_followups_sweep() == 0  # claimed: the date moved a month on
    file.refresh_from_db()
    assert file.next_followup_at > timezone.now() + timedelta(days=27)
    prompt = Prompt.objects.get(owner="case_checkin", owner_id=file.pk)
    assert prompt.state == Prompt.State.OPEN and prompt.language == "ar"
    assert prompt.wording.startswith("كيف تسير أمورك؟") and "2. بعض الصعوبات" in prompt.wording
    sent = file.events.get(kind=Kind.CHECKIN_SENT)
    assert sent.data["prompt"] == prompt.pk and sent.message_id is not None
    ClientFile.objects.filter(pk=file.pk).update(checkins_unanswered=1)
    reply = client_says(file, "2")
    assert prompt_reply(prompt=prompt, text="2", store=lambda: reply)
    answered = file.events.get(kind=Kind.CHECKIN_ANSWERED)
    assert answered.data["answer"] == "difficulties" and answered.data["number"] == 2
    assert answered.message == reply
    file.refresh_from_db()
    assert file.checkins_unanswered == 0 and file.last_contact_at is not None


def test_two_missed_checkins_is_lost_contact(service, sim_channel):
    file = make_file(service, language="en")
    for round_ in (1, 2):
        _due(file)
        assert case_followups_sweep() == 1
        Prompt.objects.filter(owner="case_checkin", state="open").update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        assert prompt_deadlines_sweep() == 1
        file.refresh_from_db()
        assert file.checkins_unanswered == round_
    assert file.lost_contact
    lost = followup.lost_contact(ClientFile.objects.filter(service=service))
    assert list(lost) == [file]
    missed = file.events.filter(kind=Kind.CHECKIN_MISSED).order_by("pk")
    assert [e.data["unanswered"] for e in missed] == [1, 2]


def test_closed_and_paused_files_get_no_checkin(service, sim_channel):
    closed = make_file(service, status=ClientFile.Status.CLOSED)
    paused = make_file(service, status=ClientFile.Status.PAUSED)
    _due(closed)
    _due(paused)
    assert case_followups_sweep() == 0
    assert not Prompt.objects.filter(owner="case_checkin").exists()


def test_sweep_statements_per_row(service, sim_channel):
    files = [make_file(service) for _ in range(10)]
    for f in files:
        _due(f)
    with CaptureQueriesContext(connection) as ten:
        assert case_followups_sweep() == 10
    one = make_file(service)
    _due(one)
    with CaptureQueriesContext(connection) as single:
        assert case_followups_sweep() == 1
    per_row = (len(ten) - len(single)) / 9
    print("follow-up sweep statements:", len(single), "for 1,", len(ten), "for 10")
    assert per_row <= 3, [q["sql"] for q in ten.captured_queries]

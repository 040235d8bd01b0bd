"""Waves at intake and at exit: each member who joins (or leaves by themselves) after the
wave started is asked once, across sweeps and a worker killed mid-batch; not those before,
not those removed, not a number that texted STOP; cancelling stops new recipients; a
trigger wave with nobody new costs the sweep nothing and never holds back a scheduled one."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.communities.lifecycle import member_leave
from passerelle.communities.models import Membership
from passerelle.communities.services import membership_remove
from passerelle.orgs.models import Role
from passerelle.prompts.models import Prompt
from passerelle.surveys.models import SurveyRecipient, SurveyWave
from passerelle.surveys.sending import survey_waves_sweep
from passerelle.surveys.services import survey_create_from_template, wave_cancel, wave_create
from passerelle.surveys.tests.conftest import join, last_said
from passerelle.testing.factories import make_staff
from passerelle.testing.platforms import fixture, make_sms, post_twilio

AT_INTAKE, AT_EXIT = SurveyWave.Trigger.AT_INTAKE, SurveyWave.Trigger.AT_EXIT


class WorkerKilled(Exception):
    pass


def asked(wave) -> set:
    return set(SurveyRecipient.objects.filter(wave=wave).values_list("member_id", flat=True))


def survey_prompts(member) -> int:
    return Prompt.objects.filter(owner="survey_response", member=member).count()


@pytest.fixture
def moderator_role(service):
    return make_staff(service, Role.MODERATOR)[1]


@pytest.fixture
def exit_survey(admin_role):
    return survey_create_from_template(role=admin_role, template="exit", languages=["en"])


def test_at_intake_asks_each_member_who_joins_after_its_start_once(
    service, sim_channel, admin_role, satisfaction
):
    before = join(service, "sim-before", at=timezone.now() - timedelta(hours=1))
    wave = wave_create(role=admin_role, survey=satisfaction, trigger=AT_INTAKE)
    assert survey_waves_sweep() == 0  # started; nobody joined since
    wave.refresh_from_db()
    assert wave.state == "sending" and wave.recipient_count == 0
    newcomer = join(service, "sim-new")
    # The worker dies in the middle of the batch: nothing of it is kept.
    with pytest.raises(WorkerKilled), transaction.atomic():
        assert survey_waves_sweep() == 1
        raise WorkerKilled
    assert asked(wave) == set() and survey_prompts(newcomer) == 0
    # Restarted: asked once, and the sweeps after ask nobody again.
    assert survey_waves_sweep() == 1
    assert survey_waves_sweep() == 0
    assert survey_waves_sweep() == 0
    assert asked(wave) == {newcomer.pk}
    assert survey_prompts(newcomer) == 1 and survey_prompts(before) == 0
    assert "How useful is this service" in last_said(newcomer)
    # The wave stays open; its count grows with each newcomer.
    later = join(service, "sim-later")
    assert survey_waves_sweep() == 1
    wave.refresh_from_db()
    assert wave.state == "sending" and wave.recipient_count == 2
    assert asked(wave) == {newcomer.pk, later.pk}


def test_at_intake_asks_a_member_accepted_after_the_intake_not_one_still_joining(
    community, newcomer, admin_role, satisfaction, moderator_role
):
    from passerelle.communities.decisions import intake_accept
    from passerelle.communities.models import Intake

    wave = wave_create(role=admin_role, survey=satisfaction, trigger=AT_INTAKE)
    survey_waves_sweep()
    amira = newcomer(kind="join_request")
    for text in ["1", "1", "1", "3", "نعم"]:
        newcomer(text)
    omar = newcomer(kind="join_request", sender="sim-omar", name="Omar")
    assert Membership.objects.get(member=amira).status == "pending"
    assert survey_waves_sweep() == 0  # nobody accepted yet
    intake_accept(intake=Intake.objects.get(membership__member=amira), role=moderator_role)
    assert survey_waves_sweep() == 1
    assert asked(wave) == {amira.pk}
    assert Membership.objects.get(member=omar).status == "pending"


def test_at_exit_asks_a_member_who_left_with_leave_not_one_removed(
    service, sim_channel, admin_role, exit_survey, says
):
    stays = join(service, "sim-stays")
    leaves = join(service, "sim-leaves")
    removed = join(service, "sim-removed")
    earlier = join(service, "sim-earlier")
    member_leave(
        service=service,
        member=earlier,
        via="test",
        send=False,
        at=timezone.now() - timedelta(hours=1),
    )
    wave = wave_create(role=admin_role, survey=exit_survey, trigger=AT_EXIT)
    assert survey_waves_sweep() == 0
    says("sim-leaves", "/leave")
    membership_remove(membership=Membership.objects.get(member=removed), reason="spam")
    assert survey_waves_sweep() == 1
    assert asked(wave) == {leaves.pk}
    assert survey_waves_sweep() == 0
    assert not asked(wave) & {stays.pk, removed.pk, earlier.pk}
    # The service's own exit question is open: the survey waits behind it, then asks.
    assert Prompt.objects.get(owner="survey_response", member=leaves).state == "queued"
    says("sim-leaves", "I found a job")
    assert "Why are you leaving" in last_said(leaves)


def test_at_exit_never_texts_a_number_that_left_with_stop(
    client, service, fake_twilio, admin_role, exit_survey, django_capture_on_commit_callbacks
):
    sms = make_sms(service, fake_twilio, sender_type="short_code")
    form = fixture("sms_twilio", "inbound_stop")
    member = join(service, form["From"], platform="tel")
    wave = wave_create(role=admin_role, survey=exit_survey, trigger=AT_EXIT)
    survey_waves_sweep()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_twilio(client, sms, form).status_code == 200
    assert Membership.objects.get(member=member).status == "left"
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_waves_sweep() == 0
    recipient = SurveyRecipient.objects.get(wave=wave, member=member)
    assert recipient.state == "unreachable" and recipient.unreachable_reason == "blocked"
    assert survey_prompts(member) == 0
    assert fake_twilio.requests.snapshot() == []
    assert survey_waves_sweep() == 0  # not asked again either


def test_cancelling_a_trigger_wave_stops_new_recipients(
    service, sim_channel, admin_role, satisfaction
):
    wave = wave_create(role=admin_role, survey=satisfaction, trigger=AT_INTAKE)
    first = join(service, "sim-first")
    assert survey_waves_sweep() == 1
    assert wave_cancel(role=admin_role, wave=wave)
    join(service, "sim-second")
    assert survey_waves_sweep() == 0
    assert asked(wave) == {first.pk}
    wave.refresh_from_db()
    assert wave.state == "cancelled" and wave.recipient_count == 1


def test_a_trigger_wave_takes_no_segment_and_does_not_repeat(admin_role, satisfaction):
    with pytest.raises(ValidationError):
        wave_create(
            role=admin_role, survey=satisfaction, trigger=AT_INTAKE, audience={"languages": ["fr"]}
        )
    with pytest.raises(ValidationError):
        wave_create(role=admin_role, survey=satisfaction, trigger=AT_EXIT, repeat_months=6)
    assert not SurveyWave.objects.exists()


def _sweep_cost() -> int:
    with CaptureQueriesContext(connection) as queries:
        survey_waves_sweep()
    return len([q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_a_trigger_wave_with_nobody_new_costs_the_sweep_nothing(
    service, sim_channel, admin_role, satisfaction
):
    idle = _sweep_cost()
    for trigger in (AT_INTAKE, AT_EXIT, AT_INTAKE, AT_EXIT, AT_INTAKE, AT_EXIT):
        wave_create(role=admin_role, survey=satisfaction, trigger=trigger)
    survey_waves_sweep()  # they start, five a sweep
    survey_waves_sweep()
    assert SurveyWave.objects.filter(state="sending").count() == 6
    assert _sweep_cost() == idle
    # Six open trigger waves (more than a sweep reads) never hold back a scheduled one.
    join(service, "sim-old", at=timezone.now() - timedelta(days=1))
    scheduled = wave_create(role=admin_role, survey=satisfaction)
    assert survey_waves_sweep() == 1
    scheduled.refresh_from_db()
    assert scheduled.state == "sent"


def test_a_cancelled_trigger_wave_keeps_its_results(
    client, service, sim_channel, admin_role, satisfaction, says
):
    from passerelle.testing.factories import login_verified

    wave = wave_create(role=admin_role, survey=satisfaction, trigger=AT_INTAKE)
    join(service, "sim-asked")
    survey_waves_sweep()
    says("sim-asked", "5")
    unused = wave_create(role=admin_role, survey=satisfaction, trigger=AT_EXIT)
    survey_waves_sweep()
    wave_cancel(role=admin_role, wave=wave)
    wave_cancel(role=admin_role, wave=unused)
    login_verified(client, admin_role.user)
    page = client.get(f"/s/{service.slug}/surveys/{satisfaction.pk}/results/").content.decode()
    assert f'data-wave="{wave.pk}"' in page and "At intake" in page
    assert f'data-wave="{unused.pk}"' not in page  # cancelled before anyone answered

"""Waves: the audience and its count, bounded batches, a worker killed in the middle of a
wave asks nobody twice and skips nobody, repeating waves."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from passerelle.prompts.models import Prompt
from passerelle.surveys.models import SurveyRecipient, SurveyResponse, SurveyWave
from passerelle.surveys.selectors import audience_count
from passerelle.surveys.sending import survey_waves_sweep, wave_send
from passerelle.surveys.services import wave_create
from passerelle.surveys.tests.conftest import join, join_many


class WorkerKilled(Exception):
    pass


def test_a_wave_of_2000_with_the_worker_killed_midway_asks_each_member_once(
    service, sim_channel, admin_role, satisfaction
):
    members = join_many(service, 2000)
    wave = wave_create(role=admin_role, survey=satisfaction)
    assert wave_send(wave=wave, limit=500) == 500
    # The worker dies in the middle of the second batch: its transaction never commits.
    with pytest.raises(WorkerKilled), transaction.atomic():
        assert wave_send(wave=SurveyWave.objects.get(pk=wave.pk), limit=500) == 500
        raise WorkerKilled
    assert SurveyRecipient.objects.filter(wave=wave, state="asked").count() == 500
    # Restarted, the scheduler's job finishes the wave in bounded batches.
    while SurveyWave.objects.get(pk=wave.pk).state != "sent":
        survey_waves_sweep()
    assert SurveyRecipient.objects.filter(wave=wave).count() == 2000
    assert SurveyRecipient.objects.filter(wave=wave, state="asked").count() == 2000
    asked = list(Prompt.objects.filter(owner="survey_response").values_list("member_id", flat=True))
    assert len(asked) == 2000 and set(asked) == {m.pk for m in members}
    assert SurveyResponse.objects.filter(wave=wave).count() == 2000
    # Sending again changes nothing: the wave is sent, every recipient claimed.
    assert wave_send(wave=SurveyWave.objects.get(pk=wave.pk)) == 0
    assert Prompt.objects.filter(owner="survey_response").count() == 2000


def test_the_audience_picker_counts_by_language_platform_and_join_date(service, admin_role):
    join(service, "sim-1", language="ar")
    join(service, "sim-2", language="fr")
    join(service, "wa-3", language="ar", platform="whatsapp")
    assert audience_count(service, {})["total"] == 3
    assert audience_count(service, {"languages": ["ar"]})["total"] == 2
    assert audience_count(service, {"platforms": ["whatsapp"]}) == {
        "total": 1,
        "whatsapp_template": 1,  # never wrote: outside the 24-hour window
    }
    tomorrow = (timezone.localdate(timezone=service.tz) + timedelta(days=1)).isoformat()
    assert audience_count(service, {"joined_after": tomorrow})["total"] == 0


def test_a_scheduled_wave_waits_then_repeats(service, sim_channel, admin_role, satisfaction):
    join(service, "sim-r", language="en")
    later = timezone.now() + timedelta(days=3)
    wave = wave_create(role=admin_role, survey=satisfaction, scheduled_at=later, repeat_months=6)
    assert survey_waves_sweep() == 0
    assert survey_waves_sweep(now=later) == 1
    wave.refresh_from_db()
    assert wave.state == "sent"
    following = SurveyWave.objects.exclude(pk=wave.pk).get()
    assert following.state == "scheduled" and following.repeat_months == 6
    assert (following.scheduled_at - later).days in range(181, 185)


def test_a_member_who_left_is_not_asked(service, sim_channel, admin_role, satisfaction):
    from passerelle.communities.lifecycle import member_leave

    gone = join(service, "sim-gone", language="en")
    join(service, "sim-here", language="en")
    member_leave(service=service, member=gone, via="test", send=False)
    wave_create(role=admin_role, survey=satisfaction)
    assert survey_waves_sweep() == 1
    assert not SurveyRecipient.objects.filter(member=gone).exists()

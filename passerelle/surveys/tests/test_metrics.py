"""Satisfaction results as metrics an evaluation indicator binds to (reports.metrics)."""

from django.utils import timezone

from passerelle.reports.metrics import METRICS, metric_series
from passerelle.reports.periods import Period
from passerelle.surveys.models import SurveyRecipient
from passerelle.surveys.responses import response_submit_web
from passerelle.surveys.sending import survey_waves_sweep
from passerelle.surveys.services import wave_create
from passerelle.surveys.tests.conftest import join


def test_the_share_who_find_it_useful_and_use_it_daily(
    service, sim_channel, admin_role, satisfaction
):
    members = [join(service, f"sim-m{i}", language="en") for i in range(4)]
    wave = wave_create(role=admin_role, survey=satisfaction)
    survey_waves_sweep()
    for member, useful, often in zip(
        members[:3], ("5", "4", "2"), ("daily", "daily", "weekly"), strict=True
    ):
        recipient = SurveyRecipient.objects.get(wave=wave, member=member)
        response_submit_web(
            recipient=recipient,
            answers={"usefulness": useful, "frequency": often, "problems": "no"},
        )
    today = timezone.localdate(timezone.now(), service.tz)
    month = Period(today.replace(day=1), today)
    assert {"survey_responses", "survey_useful_share", "survey_daily_share"} <= set(METRICS)
    assert metric_series(service, "survey_responses", [month]) == [3]
    assert metric_series(service, "survey_useful_share", [month]) == [66.7]
    assert metric_series(service, "survey_daily_share", [month]) == [66.7]
    before = Period(today.replace(year=today.year - 1), today.replace(year=today.year - 1))
    assert metric_series(service, "survey_useful_share", [before]) == [None]

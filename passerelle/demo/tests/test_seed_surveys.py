"""The demo's survey: a sent wave with responses, nothing sent, nothing added twice."""

import pytest
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.demo.seed import seed_demo
from passerelle.surveys.models import Survey, SurveyResponse


@pytest.mark.django_db
def test_the_demo_has_a_satisfaction_survey_answered_and_sends_nothing():
    first = seed_demo(timezone.now())
    survey = Survey.objects.get(service=first["service"])
    assert survey.template == "satisfaction" and survey.waves.get().state == "sent"
    completed = SurveyResponse.objects.filter(survey=survey, state="completed")
    assert completed.count() == first["survey_responses"] > 10
    assert not completed.filter(member__isnull=False).exists()  # anonymous
    assert not OutboundMessage.objects.exists()
    before = SurveyResponse.objects.count()
    assert seed_demo(timezone.now())["survey_responses"] == 0
    assert SurveyResponse.objects.count() == before and Survey.objects.count() == 1

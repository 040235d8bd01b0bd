"""A wave's batch costs a constant number of statements, whatever its size: the claim, the
responses, the prompts and their messages are each written in one go (one insert per table
up to the database's limit of parameters: SQLite's 999 splits a batch every ~40 prompts)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from passerelle.surveys.models import SurveyRecipient, SurveyWave
from passerelle.surveys.sending import wave_send
from passerelle.surveys.services import wave_create
from passerelle.surveys.tests.conftest import join_many


def _batch_cost(wave, limit):
    with CaptureQueriesContext(connection) as queries:
        assert wave_send(wave=SurveyWave.objects.get(pk=wave.pk), limit=limit) == limit
    return len(queries)


def test_a_batch_of_thirty_costs_what_a_batch_of_ten_costs(
    service, sim_channel, admin_role, satisfaction
):
    join_many(service, 100)
    wave = wave_create(role=admin_role, survey=satisfaction)
    wave_send(wave=wave, limit=1)  # the claim of the wave and its recipients, once
    small = _batch_cost(wave, 10)
    large = _batch_cost(wave, 30)
    assert small == large
    assert SurveyRecipient.objects.filter(wave=wave, state="asked").count() == 41

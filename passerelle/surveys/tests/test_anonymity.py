"""An anonymous survey's answers cannot be joined back to a member once the response is
complete: a walk over every table's foreign keys and JSON columns finds no row linking them.
"""

import json

from django.apps import apps
from django.db import models
from django.utils import timezone

from passerelle.members.models import Member
from passerelle.surveys.models import SurveyAnswer, SurveyResponse
from passerelle.surveys.sending import survey_waves_sweep
from passerelle.surveys.services import wave_create
from passerelle.surveys.tests.conftest import join


def _person_models():
    """Member and every table with a foreign key to it (identities, threads, messages…);
    a survey response is judged by its own row (its member column must be empty)."""
    found = {Member}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is Member:
                found.add(model)
    return found - {SurveyResponse}


def _json_text(row, model) -> str:
    return " ".join(
        json.dumps(getattr(row, f.attname), ensure_ascii=False, default=str)
        for f in model._meta.concrete_fields
        if isinstance(f, models.JSONField)
    )


def _links_to(row, model, person_models, member, addresses) -> list[str]:
    """What in this row points at a person: a foreign key into a person table, or the
    member's id, address or name inside a JSON column."""
    links = [
        f.name
        for f in model._meta.concrete_fields
        if f.many_to_one and f.related_model in person_models and getattr(row, f.attname)
    ]
    text = _json_text(row, model)
    links += [f"json:{a}" for a in addresses if a in text]
    if f'"member": {member.pk}' in text or f'"member_id": {member.pk}' in text:
        links.append("json:member id")
    return links


def _rows_pointing_at(response, answers):
    """Every row of the schema that refers to the response or one of its answers."""
    targets = {SurveyResponse: {response.pk}, SurveyAnswer: {a.pk for a in answers}}
    for model in apps.get_models():
        fields = {f.name for f in model._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model in targets:
                ids = targets[field.related_model]
                yield from (
                    (model, row) for row in model.objects.filter(**{f"{field.name}__in": ids})
                )
        if {"owner", "owner_id"} <= fields:  # the prompt engine's generic owner link
            yield from (
                (model, row)
                for row in model.objects.filter(owner="survey_response", owner_id=response.pk)
            )
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                for row in model.objects.all():
                    text = json.dumps(getattr(row, field.attname), default=str)
                    if f'"survey_response": {response.pk}' in text or (
                        f'"response": {response.pk}' in text
                    ):
                        yield model, row


def test_after_completion_no_row_links_the_answers_to_the_member(
    service, sim_channel, admin_role, satisfaction, says
):
    member = join(service, "sim-hidden-7731", language="ar")
    wave_create(role=admin_role, survey=satisfaction)
    survey_waves_sweep()
    for text in ("٤", "1", "2 5", "نعم", "الانتظار طويل جدا", "0"):
        says("sim-hidden-7731", text)
    response = SurveyResponse.objects.get()
    assert response.state == "completed"
    answers = list(SurveyAnswer.objects.filter(response=response))
    assert len(answers) == 6
    person_models = _person_models()
    addresses = ["sim-hidden-7731"]
    # The response and its answers point at no person, in a column or inside JSON.
    for model, row in [(SurveyResponse, response), *[(SurveyAnswer, a) for a in answers]]:
        assert _links_to(row, model, person_models, member, addresses) == [], model
    # Nothing else that refers to them points at a person either (prompts are gone).
    pointing = list(_rows_pointing_at(response, answers))
    for model, row in pointing:
        if model in (SurveyAnswer,):
            continue
        assert _links_to(row, model, person_models, member, addresses) == [], (model, row)
    # Its times are kept to the day: a minute would match the member's messages.
    for moment in (response.started_at, response.ended_at):
        local = timezone.localtime(moment, service.tz)
        assert (local.hour, local.minute, local.second) == (0, 0, 0)


def test_a_named_survey_keeps_its_member(service, sim_channel, admin_role, says):
    from passerelle.surveys.services import survey_create_from_template

    intake = survey_create_from_template(role=admin_role, template="intake", languages=["en"])
    member = join(service, "sim-named", language="en")
    wave_create(role=admin_role, survey=intake)
    survey_waves_sweep()
    for text in ("1", "2", "yes"):
        says("sim-named", text)
    response = SurveyResponse.objects.get()
    assert response.state == "completed" and response.member_id == member.pk


def test_an_erasure_unlinks_a_named_surveys_answers(service, sim_channel, admin_role, says):
    from passerelle.privacy.erasure import member_erase
    from passerelle.surveys.models import SurveyRecipient
    from passerelle.surveys.services import survey_create_from_template

    intake = survey_create_from_template(role=admin_role, template="intake", languages=["en"])
    member = join(service, "sim-erased", language="en")
    wave_create(role=admin_role, survey=intake)
    survey_waves_sweep()
    says("sim-erased", "1")
    member_erase(member=member, reason="asked by the person", actor=admin_role.user)
    response = SurveyResponse.objects.get()
    assert response.member_id is None and response.state == "expired"
    assert response.answers.count() == 1  # the answer stays, joined to nobody
    assert not SurveyRecipient.objects.filter(member=member).exists()


def test_an_export_holds_a_named_surveys_answers_not_an_anonymous_ones(
    service, sim_channel, admin_role, satisfaction, says
):
    from passerelle.privacy.export import member_data
    from passerelle.surveys.services import survey_create_from_template

    intake = survey_create_from_template(role=admin_role, template="intake", languages=["en"])
    member = join(service, "sim-export", language="en")
    wave_create(role=admin_role, survey=satisfaction)
    wave_create(role=admin_role, survey=intake)
    survey_waves_sweep()
    for text in ("4", "1", "1", "no", "0"):  # the anonymous satisfaction survey, complete
        says("sim-export", text)
    says("sim-export", "2")  # then the named intake's first answer
    rows = member_data(service=service, member=member)["survey_answers"]
    assert [(r["survey"], r["value"]) for r in rows] == [(intake.name, ["immigration"])]

"""A survey answered in the conversation, one question at a time, through the real webhook
and the prompt engine: branching, skipping, stopping and resuming, one survey at a time."""

from passerelle.prompts.models import Prompt
from passerelle.surveys.models import SurveyAnswer, SurveyRecipient, SurveyResponse
from passerelle.surveys.sending import survey_waves_sweep
from passerelle.surveys.services import survey_create_from_template, wave_create
from passerelle.surveys.tests.conftest import join, last_said


def answers_of(response):
    return dict(
        SurveyAnswer.objects.filter(response=response).values_list("question__key", "value")
    )


def test_a_member_answers_with_numbers_branching_and_a_skip(
    service, sim_channel, admin_role, satisfaction, says
):
    member = join(service, "sim-amira", language="en")
    wave_create(role=admin_role, survey=satisfaction)
    assert survey_waves_sweep() == 1
    first = last_said(member)
    assert first.startswith("A short survey about this service")
    assert "You can also answer on a web page: http" in first and "/survey/" in first
    assert "How useful is this service" in first
    says("sim-amira", "4")
    assert "How often do you use the group?" in last_said(member)
    says("sim-amira", "1")
    says("sim-amira", "1 3")
    says("sim-amira", "no")  # "no problem": skips the question about the problem
    assert "What could we do better?" in last_said(member)
    says("sim-amira", "0")
    response = SurveyResponse.objects.get(wave__survey=satisfaction)
    assert response.state == "completed"
    assert answers_of(response) == {
        "usefulness": "4",
        "frequency": "daily",
        "uses": ["government", "jobs"],
        "problems": "no",
        "suggestions": None,
    }
    useful = SurveyAnswer.objects.get(response=response, question__key="usefulness")
    assert useful.wording.startswith("How useful is this service")  # the question, as asked
    skipped = SurveyAnswer.objects.get(response=response, question__key="suggestions")
    assert skipped.skipped and skipped.wording.startswith("What could we do better?")
    assert "Thank you for your answers" in last_said(member)
    # Anonymous: the response lost its member, the engine its prompts.
    assert response.member_id is None
    assert not Prompt.objects.filter(owner="survey_response", owner_id=response.pk).exists()
    assert SurveyRecipient.objects.get(member=member).state == "done"


def test_stop_survey_then_resume_where_it_stopped(
    service, sim_channel, admin_role, satisfaction, says
):
    member = join(service, "sim-omar", language="fr")
    wave_create(role=admin_role, survey=satisfaction)
    survey_waves_sweep()
    says("sim-omar", "5")
    says("sim-omar", "/stop survey")
    response = SurveyResponse.objects.get()
    assert response.state == "stopped" and response.member_id == member.pk
    assert "Envoyez /resume" in last_said(member)
    assert not Prompt.objects.filter(owner_id=response.pk, state="open").exists()
    # Still a member: "/stop survey" is not "/stop".
    assert member.memberships.get(service=service).status == "active"
    says("sim-omar", "un message ordinaire")
    assert answers_of(response) == {"usefulness": "5"}
    says("sim-omar", "/resume")
    assert "À quelle fréquence" in last_said(member)
    says("sim-omar", "2")
    response.refresh_from_db()
    assert response.state == "started"
    assert answers_of(response) == {"usefulness": "5", "frequency": "weekly"}


def test_one_survey_at_a_time_the_next_asks_when_the_first_ends(
    service, sim_channel, admin_role, satisfaction, says
):
    member = join(service, "sim-lina", language="en")
    skills = survey_create_from_template(
        role=admin_role, template="exit", languages=["en"], name="Second"
    )
    wave_create(role=admin_role, survey=satisfaction)
    wave_create(role=admin_role, survey=skills)
    survey_waves_sweep()
    assert SurveyResponse.objects.filter(state="started").count() == 1
    assert SurveyRecipient.objects.filter(state="queued").count() == 1
    for text in ("3", "4", "5", "no", "0"):
        says("sim-lina", text)
    # The first is complete; the second started at once.
    assert "\n\nWhy are you leaving?\n1. I got the help" in last_said(member)
    second = SurveyResponse.objects.get(survey=skills)
    assert second.state == "started" and second.member_id == member.pk
    assert SurveyRecipient.objects.get(wave__survey=skills).state == "asked"


def test_stop_survey_is_its_own_command_and_stop_alone_still_leaves():
    from passerelle.communities import commands

    for typed in ("/stop survey", "/stop enquête", "/STOP sondage", "/stop استبيان"):
        assert commands.parse(typed, private=True).name == commands.STOP_SURVEY, typed
    assert commands.parse("/stop", private=True).name == commands.LEAVE
    assert commands.parse("/stop now please", private=True).name == commands.LEAVE
    assert commands.parse("/resume", private=True).name == commands.RESUME_SURVEY
    assert commands.parse("/reprendre", private=True).name == commands.RESUME_SURVEY

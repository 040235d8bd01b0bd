"""The built-in templates: complete in en / fr / ar, copied (not shared) into a survey."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passerelle.orgs.models import Role
from passerelle.surveys.models import Survey, SurveyEvent
from passerelle.surveys.services import survey_create_from_template, survey_update
from passerelle.surveys.templates_builtin import TEMPLATES
from passerelle.testing.factories import make_staff

LANGS = {"en", "fr", "ar"}


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_text_of_every_template_is_in_three_languages(key):
    template = TEMPLATES[key]
    assert set(template.intro) == LANGS and set(template.thanks) == LANGS
    for question in template.questions:
        assert set(question.text) == LANGS and all(question.text.values()), question.key
        for option in question.options:
            assert set(option["labels"]) == LANGS and all(option["labels"].values())
        if question.skip_to:
            assert question.skip_to in [q.key for q in template.questions]


def test_the_satisfaction_template_asks_what_the_toolkit_asks():
    keys = [q.key for q in TEMPLATES["satisfaction"].questions]
    assert keys[:3] == ["usefulness", "frequency", "uses"]
    uses = {o["value"] for o in TEMPLATES["satisfaction"].questions[2].options}
    assert {"government", "immigration", "jobs", "housing", "health"} <= uses


def test_every_demographics_question_can_be_skipped():
    assert all(q.optional for q in TEMPLATES["demographics"].questions)


def test_a_copy_keeps_the_chosen_languages_and_is_edited_on_its_own(service, admin_role):
    survey = survey_create_from_template(
        role=admin_role, template="satisfaction", languages=["fr", "ar"]
    )
    assert survey.state == Survey.State.DRAFT and survey.anonymous
    first = survey.questions.first()
    assert set(first.text) == {"fr", "ar"}
    questions = [
        {
            "key": q.key,
            "kind": q.kind,
            "text": dict(q.text),
            "options": q.options,
            "optional": q.optional,
            "skip_if": q.skip_if,
            "skip_to": q.skip_to,
        }
        for q in survey.questions.all()
    ]
    questions[0]["text"]["fr"] = "Ce groupe vous aide-t-il ?"
    survey_update(role=admin_role, survey=survey, questions=questions[:4] + questions[5:])
    assert survey.questions.first().text["fr"] == "Ce groupe vous aide-t-il ?"
    # The template itself is untouched; the next copy has the original wording.
    other = survey_create_from_template(role=admin_role, template="satisfaction", languages=["fr"])
    assert other.questions.first().text["fr"].startswith("Ce service vous est-il utile")
    kinds = list(SurveyEvent.objects.filter(survey=survey).values_list("kind", flat=True))
    assert kinds == ["created", "questions"]


def test_branching_only_to_a_later_question(admin_role):
    survey = survey_create_from_template(role=admin_role, template="exit", languages=["en"])
    questions = [
        {
            "key": "why_leaving",
            "kind": "choice",
            "text": {"en": "Why?"},
            "options": [{"value": "x", "labels": {"en": "X"}}],
            "skip_to": "why_leaving",
        },
    ]
    with pytest.raises(ValidationError):
        survey_update(role=admin_role, survey=survey, questions=questions)


@pytest.mark.parametrize("role_name", [Role.PARTNER, Role.VIEWER])
def test_only_admins_and_moderators_manage_surveys(service, role_name):
    role = make_staff(service, role_name)[1]
    with pytest.raises(PermissionDenied):
        survey_create_from_template(role=role, template="satisfaction", languages=["en"])
    moderator = make_staff(service, Role.MODERATOR)[1]
    assert survey_create_from_template(role=moderator, template="exit", languages=["en"])

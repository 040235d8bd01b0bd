""" "Why are you leaving?" is a prompt: answered once, never over a command or a new intake."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.communities.models import Intake, Membership
from passerelle.communities.tests.conftest import sent_to
from passerelle.prompts.models import Prompt
from passerelle.prompts.sweep import prompt_deadlines_sweep

pytestmark = pytest.mark.django_db


def _left(newcomer):
    member = newcomer("مرحبا", chat="group")
    newcomer("/leave")
    return member


def test_the_question_is_a_prompt_owned_by_the_membership(community, newcomer):
    member = _left(newcomer)
    membership = Membership.objects.get(member=member)
    prompt = Prompt.objects.get(owner="exit_feedback", owner_id=membership.pk)
    assert prompt.state == "open" and prompt.kind == "free_text" and prompt.language == "ar"
    assert prompt.wording == sent_to(member, 1)[0] and "لماذا تغادرون" in prompt.wording
    assert set(prompt.wordings) == set(community.languages)
    assert prompt.expires_at - prompt.asked_at == timedelta(days=7)
    newcomer("لم أعد أحتاجها")
    prompt.refresh_from_db()
    assert prompt.state == "answered"


def test_coming_back_cancels_the_question_before_the_intake_asks(community, newcomer):
    member = _left(newcomer)
    newcomer("/start")
    assert Prompt.objects.get(owner="exit_feedback").state == "cancelled"
    assert Intake.objects.get(membership__member=member).state == "in_progress"
    newcomer("1")  # the intake's first answer, not exit feedback
    membership = Membership.objects.get(member=member)
    assert not membership.events.filter(kind="exit_feedback").exists()
    assert Intake.objects.get(membership=membership).answers.count() == 1


def test_unanswered_the_question_expires_after_the_window(community, newcomer):
    member = _left(newcomer)
    assert prompt_deadlines_sweep(now=timezone.now() + timedelta(days=8)) == 1
    assert Prompt.objects.get(owner="exit_feedback").state == "expired"
    newcomer("a later message")
    assert not Membership.objects.get(member=member).events.filter(kind="exit_feedback").exists()

"""The intake asks through the prompt engine: one prompt row per intake, moved from step to
step; the engine's rules (asked again once, commands first, one open prompt) hold for it."""

import pytest

from passerelle.communities.models import Intake, IntakeAnswer, Membership
from passerelle.communities.tests.conftest import sent_to
from passerelle.conversations.models import Message
from passerelle.prompts.models import Prompt
from passerelle.prompts.services import prompt_ask

pytestmark = pytest.mark.django_db


def _intake_prompts():
    return Prompt.objects.filter(owner="intake")


def test_one_prompt_row_walks_through_the_steps_and_closes_at_the_end(community, newcomer):
    newcomer(kind="join_request")
    intake = Intake.objects.get()
    keys = []
    for text in ["1", "1", "1", "3"]:
        keys.append(_intake_prompts().get(state="open").key)
        newcomer(text)
    keys.append(_intake_prompts().get(state="open").key)
    newcomer("1")
    assert keys == [
        "language",
        "lives_in_area",
        "arrived_recently",
        "help_preference",
        "guidelines",
    ]
    prompt = _intake_prompts().get()  # one row, taken over by each next question
    assert (prompt.owner_id, prompt.state) == (intake.pk, "answered")
    # Every answer is kept with the wording as the person read it.
    answers = IntakeAnswer.objects.filter(intake=intake).order_by("id")
    assert [a.key for a in answers] == keys
    asked = [t for t in sent_to(Membership.objects.get().member) if "\n1. " in t]
    assert all(any(a.prompt in t for t in asked) for a in answers)


def test_a_reply_that_answers_nothing_is_asked_again_once_then_is_a_message(community, newcomer):
    member = newcomer(kind="join_request")
    newcomer("1")
    newcomer("peut-être")
    assert sent_to(member, 1)[0].startswith("عذراً، لم أفهم")  # the service's own words
    before = len(sent_to(member))
    newcomer("j'ai une question sur le loyer")
    # The second is an ordinary message for the moderators; the question still waits.
    assert len(sent_to(member)) == before
    assert Message.objects.filter(direction="in", text__contains="loyer").exists()
    assert _intake_prompts().get(state="open").key == "lives_in_area"
    newcomer("نعم")
    assert IntakeAnswer.objects.get(key="lives_in_area").value == "yes"


def test_stop_while_answering_closes_the_question_too(community, newcomer):
    newcomer(kind="join_request")
    newcomer("STOP")
    assert Intake.objects.get().state == "withdrawn"
    assert _intake_prompts().get().state == "cancelled"


def test_coming_back_asks_the_intake_first_and_the_waiting_question_after(community, newcomer):
    member = newcomer("hello", chat="group")
    membership = Membership.objects.get(member=member)
    newcomer("/leave")
    Prompt.objects.filter(owner="exit_feedback").delete()
    # Another feature asked something the person has not answered yet (never answered
    # here: its owner needs no handler).
    other = prompt_ask(
        service=community,
        member=member,
        channel=None,
        owner="another_feature",
        owner_id=1,
        key="why_leaving",
        kind="free_text",
        wording={"ar": "سؤال آخر؟"},
    )
    newcomer("/start")
    other.refresh_from_db()
    assert other.state == "queued"  # back in the queue: the intake goes first
    assert _intake_prompts().get().state == "open"
    for text in ["1", "1", "1", "3", "1"]:
        newcomer(text)
    assert Intake.objects.get(membership=membership).state == "review"
    other.refresh_from_db()
    assert other.state == "open" and sent_to(member, 1)[0] == "سؤال آخر؟"


def test_start_again_repeats_the_open_question_without_a_second_prompt(community, newcomer):
    member = newcomer("/start")
    newcomer("1")
    newcomer("/start")
    assert "المنطقة" in sent_to(member, 1)[0]
    assert _intake_prompts().filter(state="open").count() == 1
    newcomer("1")
    assert IntakeAnswer.objects.filter(key="lives_in_area").count() == 1

"""Asking a member, taking their answer, queueing, re-asking once, commands first."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.communities.models import Membership
from passerelle.conversations.models import Message
from passerelle.prompts import owners
from passerelle.prompts.answering import prompt_reply
from passerelle.prompts.models import Prompt
from passerelle.prompts.selectors import prompt_open_for
from passerelle.prompts.services import prompt_ask, prompt_cancel, prompts_forget

pytestmark = pytest.mark.django_db

USE = {
    "en": "What do you use the group for?",
    "fr": "À quoi vous sert le groupe ?",
    "ar": "لماذا تستخدم المجموعة؟",
}
OPTIONS = [
    {"value": "jobs", "labels": {"en": "Jobs", "fr": "Emploi", "ar": "عمل"}},
    {"value": "housing", "labels": {"en": "Housing", "fr": "Logement", "ar": "سكن"}},
]


def ask(service, member, owner="test_survey", owner_id=1, **kw):
    kw.setdefault("kind", Prompt.Kind.CHOICE)
    kw.setdefault("options", OPTIONS)
    return prompt_ask(
        service=service,
        member=member,
        channel=None,
        owner=owner,
        owner_id=owner_id,
        key=kw.pop("key", "use"),
        wording=kw.pop("wording", USE),
        **kw,
    )


def said(member):
    return list(
        Message.objects.filter(thread__member=member, direction="out")
        .order_by("id")
        .values_list("text", flat=True)
    )


def received(member):
    return list(
        Message.objects.filter(thread__member=member, direction="in")
        .order_by("id")
        .values_list("text", flat=True)
    )


def test_asked_in_the_members_language_with_numbered_options(service, amira, recorder):
    prompt = ask(service, amira, skippable=True)
    assert prompt.state == Prompt.State.OPEN and prompt.language == "ar"
    assert said(amira) == ["لماذا تستخدم المجموعة؟\n1. عمل\n2. سكن\n0. تخطي"]
    assert prompt.wording == said(amira)[0] and prompt.message.text == prompt.wording
    assert prompt_open_for(member=amira, thread=prompt.thread) == prompt
    assert prompt_open_for(member=amira, thread=prompt.thread_id) == prompt


def test_a_language_the_owner_did_not_write_falls_back(service, amira, recorder):
    prompt = ask(service, amira, wording={"fr": USE["fr"]})
    assert prompt.language == "fr" and said(amira)[0].startswith(USE["fr"])


def test_the_answer_goes_to_its_owner_with_the_wording_as_asked(service, amira, recorder, says):
    prompt = ask(service, amira)
    says("٢")
    ((answered, answer),) = recorder.answers
    assert answered.pk == prompt.pk
    assert (answer.value, answer.raw, answer.skipped) == ("housing", "٢", False)
    assert (answer.wording, answer.language) == (prompt.wording, "ar")
    assert answer.message.text == "٢" and answer.message.direction == "in"
    prompt.refresh_from_db()
    assert prompt.state == Prompt.State.ANSWERED and prompt.closed_at is not None
    assert received(amira) == ["٢"]  # stored once, in the thread


def test_an_option_word_answers_too(service, amira, recorder, says):
    ask(service, amira)
    says("Logement")
    assert recorder.answers[0][1].value == "housing"


def test_a_reply_that_answers_nothing_is_asked_again_once(service, amira, recorder, says):
    prompt = ask(service, amira)
    says("je ne sais pas")
    assert said(amira)[-1] == ("عذرًا، لم أفهم. يُرجى الرد بأحد الأرقام أدناه.\n\n" + prompt.wording)
    prompt.refresh_from_db()
    assert prompt.reasked and prompt.state == Prompt.State.OPEN
    says("a real question about school?")
    assert len(said(amira)) == 2  # not asked a third time: an ordinary message
    assert received(amira) == ["je ne sais pas", "a real question about school?"]
    says("1")  # still open: a later answer counts
    assert recorder.answers[0][1].value == "jobs"


def test_reask_false_hands_a_non_answer_to_the_conversation(service, amira, recorder, says):
    ask(service, amira, reask=False)
    says("hello?")
    assert len(said(amira)) == 1 and received(amira) == ["hello?"]
    assert not recorder.answers


def test_a_command_wins_over_the_open_prompt(service, amira, recorder, says):
    prompt = ask(service, amira)
    says("/leave")
    assert not recorder.answers
    assert Membership.objects.get(member=amira).status == Membership.Status.LEFT
    prompt.refresh_from_db()
    assert prompt.state == Prompt.State.OPEN  # its owner decides (prompt_cancel)


def test_a_newer_owner_queues_behind_the_open_prompt(service, amira, recorder, says):
    first = ask(service, amira)
    second = ask(
        service,
        amira,
        owner="test_checkin",
        owner_id=7,
        kind="yes_no",
        options=(),
        wording={"en": "All good?", "ar": "هل كل شيء على ما يرام؟"},
    )
    assert second.state == Prompt.State.QUEUED and second.message is None
    assert len(said(amira)) == 1
    says("1")
    second.refresh_from_db()
    assert second.state == Prompt.State.OPEN
    assert said(amira)[-1] == "هل كل شيء على ما يرام؟\n1. نعم\n2. لا"
    says("نعم")
    assert [(p.pk, a.value) for p, a in recorder.answers] == [
        (first.pk, "jobs"),
        (second.pk, "yes"),
    ]


def test_one_open_prompt_per_member_per_thread_is_a_constraint(service, amira, recorder):
    prompt = ask(service, amira)
    with pytest.raises(IntegrityError), transaction.atomic():
        Prompt.objects.create(
            org=prompt.org,
            service=service,
            member=amira,
            thread=prompt.thread,
            owner="x",
            owner_id=1,
            key="k",
            kind="choice",
            state=Prompt.State.OPEN,
            created_at=timezone.now(),
        )


def test_cancel_closes_the_owners_prompts_and_asks_the_next(service, amira, recorder):
    ask(service, amira, owner_id=1)
    ask(service, amira, owner_id=1, key="again")
    other = ask(service, amira, owner="test_checkin", owner_id=2)
    assert prompt_cancel(owner="test_survey", owner_id=1) == 2
    assert prompt_cancel(owner="test_survey", owner_id=1) == 0
    other.refresh_from_db()
    assert other.state == Prompt.State.OPEN and len(said(amira)) == 2


def test_forget_deletes_only_the_owners_closed_prompts(service, amira, recorder, says):
    ask(service, amira, owner_id=5)
    says("1")
    ask(service, amira, owner_id=5, key="next")
    ask(service, amira, owner_id=6)
    assert prompts_forget(owner="test_survey", owner_id=5) == 1
    assert list(Prompt.objects.filter(owner_id=5).values_list("key", flat=True)) == ["next"]
    assert Prompt.objects.filter(owner_id=6).exists()


def test_send_false_records_the_question_unsent(service, amira, recorder):
    ask(service, amira, send=False)
    assert said(amira) and not OutboundMessage.objects.exists()


def test_an_unknown_kind_is_refused(service, amira, recorder):
    with pytest.raises(ValueError):
        ask(service, amira, kind="essay")


def test_ask_many_queues_behind_an_open_prompt_and_sends_the_rest(
    service, amira, recorder, django_capture_on_commit_callbacks
):
    from passerelle.prompts.services import prompts_ask_many
    from passerelle.questions.tests.helpers import make_member

    first = ask(service, amira)
    other = make_member(service, language="fr")
    common = {"channel": None, "owner": "test_checkin", "key": "k", "kind": "yes_no"}
    wording = {"en": "All good?", "fr": "Tout va bien ?"}
    prompts = prompts_ask_many(
        service=service,
        asks=[
            {"member": amira, "owner_id": 1, "wording": wording, **common},
            {"member": other, "owner_id": 2, "wording": wording, **common},
            {"member": other, "owner_id": 3, "wording": wording, **common},
        ],
    )
    assert [p.state for p in prompts] == ["queued", "open", "queued"]
    assert prompts[1].message.text == "Tout va bien ?\n1. Oui\n2. Non"
    assert [p.message for p in (prompts[0], prompts[2])] == [None, None]
    assert first.state == "open"


def test_an_intake_in_progress_takes_the_reply_before_an_open_prompt(
    service, amira, recorder, says
):
    from passerelle.communities.intake import intake_start
    from passerelle.communities.models import Intake
    from passerelle.communities.services import intake_questions_add_defaults

    ask(service, amira)
    Membership.objects.filter(member=amira).update(status=Membership.Status.LEFT)
    intake_questions_add_defaults(service=service)
    intake = intake_start(service=service, channel=None, member=amira, source="start")
    says("1")
    assert Intake.objects.get(pk=intake.pk).answers.count() == 1
    assert not recorder.answers


def test_an_erasure_deletes_the_members_prompts(service, amira, recorder):
    from passerelle.privacy.erasure import member_erase

    ask(service, amira)
    ask(service, amira, owner="test_checkin")
    member_erase(member=amira, reason="asked by the person", service=service)
    assert not Prompt.objects.filter(owner__startswith="test_").exists()


class TwoSteps:
    """A multi-step owner: "use" is followed by "how_often"; what it was given, in order."""

    def __init__(self):
        self.answers = []

    def follow_up(self, *, prompt, answer, at):
        if prompt.key != "use":
            return None
        return {
            "key": "how_often",
            "kind": Prompt.Kind.SCALE,
            "wording": {"ar": "كم مرة؟"},
            "before": ["شكرًا!"],
        }

    def answered(self, *, prompt, answer, at):
        self.answers.append((prompt.key, answer.value, answer.wording))


@pytest.fixture
def two_steps():
    owner = TwoSteps()
    owners.register("test_two_steps", owner)
    yield owner
    owners._handlers.pop("test_two_steps", None)


def test_a_follow_up_takes_over_the_answered_row(service, amira, two_steps, says):
    first = ask(service, amira, owner="test_two_steps")
    says("1")
    row = Prompt.objects.get()  # one row: it became the next question
    assert (row.pk, row.key, row.kind, row.state) == (first.pk, "how_often", "scale", "open")
    assert said(amira)[-2:] == ["شكرًا!", row.wording] and row.wording.startswith("كم مرة؟")
    assert two_steps.answers == [("use", "jobs", first.wording)]
    says("٤")
    row.refresh_from_db()
    assert row.state == Prompt.State.ANSWERED
    assert two_steps.answers[1][:2] == ("how_often", "4")


def test_a_stale_copy_of_a_moved_prompt_answers_nothing(service, amira, two_steps, says):
    stale = ask(service, amira, owner="test_two_steps")
    says("1")  # another worker took it: the row moved on to "how_often"
    assert prompt_reply(prompt=stale, text="2") is True
    assert [key for key, *_rest in two_steps.answers] == ["use"]
    assert Prompt.objects.get().key == "how_often"


def test_first_puts_the_open_prompt_back_in_the_queue(service, amira, recorder, says):
    waiting = ask(service, amira)
    urgent = ask(service, amira, owner="test_checkin", key="consent", first=True)
    waiting.refresh_from_db()
    assert (waiting.state, urgent.state) == (Prompt.State.QUEUED, Prompt.State.OPEN)
    says("1")
    waiting.refresh_from_db()
    assert waiting.state == Prompt.State.OPEN  # asked again once the first is answered
    assert said(amira)[-1] == waiting.wording

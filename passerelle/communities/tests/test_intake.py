"""Joining: a join request starts a one-question-at-a-time intake, then a decision."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passerelle.channels.models import PlatformAction
from passerelle.communities.intake import intake_accept, intake_refuse
from passerelle.communities.models import Intake, Membership, MembershipEvent
from passerelle.communities.services import policy_for
from passerelle.communities.tests.conftest import sent_to
from passerelle.orgs.models import Role
from passerelle.prompts.models import Prompt
from passerelle.prompts.sweep import prompt_deadlines_sweep
from passerelle.testing.factories import make_staff

# Language (1 = العربية), area (1 = yes), arrival (1 = yes), help (3 = both), guidelines (1 = yes)
ANSWERS = ["1", "١", "1", "3", "نعم"]


def _answer_all(newcomer, answers=ANSWERS):
    for text in answers:
        newcomer(text)


def test_join_request_starts_an_arabic_intake_one_question_at_a_time(community, newcomer):
    member = newcomer(kind="join_request")
    membership = Membership.objects.get(member=member)
    assert membership.status == "pending"
    intake = Intake.objects.get(membership=membership)
    assert intake.state == "in_progress" and intake.source == "join_request"
    texts = sent_to(member)
    assert "أهلاً بكم في" in texts[0]  # intro in the person's language
    assert "ما هي اللغة" in texts[1] and "1. العربية" in texts[1] and "2. English" in texts[1]
    assert len(texts) == 2  # only the first question so far
    assert membership.events.filter(kind="requested").count() == 1


def test_full_intake_then_moderator_accepts_and_member_is_welcomed(community, newcomer):
    member = newcomer(kind="join_request")
    _answer_all(newcomer)
    intake = Intake.objects.get()
    assert intake.state == "review" and intake.eligible is True
    assert [a.key for a in intake.answers.all()] == [
        "language",
        "lives_in_area",
        "arrived_recently",
        "help_preference",
        "guidelines",
    ]
    assert intake.answers.get(key="help_preference").value == "both"
    assert intake.answers.get(key="lives_in_area").raw == "١"
    assert "المنطقة" in intake.answers.get(key="lives_in_area").prompt  # asked in Arabic
    texts = sent_to(member)
    assert any("(اختياري" in t for t in texts)  # the optional question says so
    assert any("الإصدار 1" in t and "خارج موضوع المجموعة" in t for t in texts)  # full guidelines
    assert "سيراجع أحد المشرفين" in texts[-1]

    _user, role = make_staff(community, Role.MODERATOR)
    intake_accept(intake=intake, role=role)
    membership = Membership.objects.get(member=member)
    assert membership.status == "active" and membership.guidelines_accepted.version == 1
    kinds = list(membership.events.values_list("kind", flat=True))
    assert kinds == ["requested", "guidelines_accepted", "accepted"]
    assert membership.events.get(kind="accepted").actor == role.user
    action = PlatformAction.objects.get(action="approve_join")
    assert action.params["user"] == "sim-amira"
    welcome, notice = sent_to(member, 2)  # the privacy notice comes right after
    assert "تم قبول طلبكم" in welcome and f"/g/{community.slug}/v1/?lang=ar" in welcome
    assert notice.startswith("الخصوصية في")


def test_language_answer_switches_the_conversation(community, newcomer):
    member = newcomer(kind="join_request")
    newcomer("3")  # Français (ar, en, fr)
    assert "Habitez-vous" in sent_to(member, 1)[0]
    member.refresh_from_db()
    assert member.language == "fr"
    assert MembershipEvent.objects.filter(kind="language_changed").count() == 1


def test_unreadable_answer_repeats_the_question_with_a_hint(community, newcomer):
    member = newcomer(kind="join_request")
    newcomer("1")
    newcomer("peut-être 7")
    last = sent_to(member, 1)[0]
    assert last.startswith("عذراً، لم أفهم") and "المنطقة" in last
    assert Intake.objects.get().answers.count() == 1


def test_optional_question_can_be_skipped_with_zero(community, newcomer):
    newcomer(kind="join_request")
    _answer_all(newcomer, ["1", "1", "1", "٠", "1"])
    answer = Intake.objects.get().answers.get(key="help_preference")
    assert answer.skipped and answer.value == ""


def test_auto_accept_of_eligible_requests(community, newcomer):
    policy = policy_for(community)
    policy.auto_accept = True
    policy.save()
    member = newcomer(kind="join_request")
    _answer_all(newcomer)
    assert Membership.objects.get(member=member).status == "active"
    event = MembershipEvent.objects.get(kind="accepted")
    assert event.actor is None and event.data["automatic"] is True
    assert "تم قبول طلبكم" in sent_to(member, 2)[0]


def test_ineligible_answers_wait_for_a_moderator_even_with_auto_accept(community, newcomer):
    policy = policy_for(community)
    policy.auto_accept = True
    policy.save()
    newcomer(kind="join_request")
    _answer_all(newcomer, ["1", "2", "1", "1", "1"])  # does not live in the area
    intake = Intake.objects.get()
    assert intake.state == "review" and intake.eligible is False


def test_refusal_is_explained_and_declined_on_the_platform(community, newcomer):
    member = newcomer(kind="join_request")
    _answer_all(newcomer)
    _user, role = make_staff(community, Role.MODERATOR)
    with pytest.raises(ValidationError):
        intake_refuse(intake=Intake.objects.get(), role=role, reason="  ")
    intake_refuse(intake=Intake.objects.get(), role=role, reason="Service for Ottawa only")
    membership = Membership.objects.get(member=member)
    assert membership.status == "refused"
    assert membership.events.get(kind="refused").reason == "Service for Ottawa only"
    assert PlatformAction.objects.filter(action="decline_join").count() == 1
    assert "لم يتم قبول" in sent_to(member, 1)[0] and "Ottawa only" in sent_to(member, 1)[0]
    with pytest.raises(ValidationError):
        intake_accept(intake=Intake.objects.get(), role=role)  # already decided


def test_moderator_of_another_service_cannot_decide(community, newcomer):
    from passerelle.testing.factories import make_service

    newcomer(kind="join_request")
    _answer_all(newcomer)
    _user, other_role = make_staff(make_service(), Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        intake_accept(intake=Intake.objects.get(), role=other_role)
    assert Intake.objects.get().state == "review"


def test_declining_the_guidelines_ends_the_request(community, newcomer):
    member = newcomer(kind="join_request")
    _answer_all(newcomer, ["1", "1", "1", "1", "2"])
    assert Intake.objects.get().state == "withdrawn"
    assert Membership.objects.get(member=member).status == "withdrawn"
    assert "/start" in sent_to(member, 1)[0]


def test_stop_during_intake_withdraws_the_request(community, newcomer):
    member = newcomer(kind="join_request")
    newcomer("1")
    newcomer("توقف")
    assert Intake.objects.get().state == "withdrawn"
    assert Membership.objects.get(member=member).status == "withdrawn"
    assert MembershipEvent.objects.filter(kind="request_withdrawn").count() == 1
    assert not MembershipEvent.objects.filter(kind="left").exists()


def test_start_again_resumes_then_a_new_request_after_withdrawal(community, newcomer):
    member = newcomer("/start")
    newcomer("1")
    newcomer("/start")  # resumes: asks the area question again, no second intake
    assert Intake.objects.count() == 1 and "المنطقة" in sent_to(member, 1)[0]
    newcomer("STOP")
    newcomer("JOIN")
    assert Intake.objects.count() == 2
    assert Intake.objects.latest("id").source == "keyword"
    assert Membership.objects.get(member=member).status == "pending"


def test_already_active_member_is_told_so(community, newcomer):
    member = newcomer("hello", chat="group")  # first contact in the group: active member
    newcomer("/start")
    assert "أنتم أعضاء" in sent_to(member, 1)[0]
    assert not Intake.objects.exists()


def test_reminder_once_then_expiry_through_the_scheduler(community, newcomer):
    member = newcomer(kind="join_request")
    intake = Intake.objects.get()
    # The question waits with the service's reminder and deadline (24 h, 72 h).
    prompt = Prompt.objects.get(owner="intake", owner_id=intake.pk, state="open")
    assert round((prompt.expires_at - prompt.remind_at).total_seconds() / 3600) == 48
    now = timezone.now()
    Prompt.objects.filter(pk=prompt.pk).update(remind_at=now - timedelta(minutes=1))
    assert prompt_deadlines_sweep() == 1
    assert prompt_deadlines_sweep() == 0  # one reminder only
    reminder = sent_to(member, 1)[0]
    assert reminder.startswith("تذكير") and "ما هي اللغة" in reminder
    Prompt.objects.filter(pk=prompt.pk).update(expires_at=now - timedelta(minutes=1))
    assert prompt_deadlines_sweep() == 1
    intake.refresh_from_db()
    assert intake.state == "expired"
    assert Membership.objects.get(member=member).status == "withdrawn"
    assert MembershipEvent.objects.filter(kind="request_expired").count() == 1
    assert PlatformAction.objects.filter(action="decline_join").count() == 1
    assert "أُغلق طلب" in sent_to(member, 1)[0]
    assert prompt_deadlines_sweep() == 0


def test_an_answer_moves_the_deadline_with_the_question(community, newcomer):
    newcomer(kind="join_request")
    intake = Intake.objects.get()
    Prompt.objects.filter(owner="intake").update(
        expires_at=timezone.now() + timedelta(minutes=5), reminded_at=timezone.now()
    )
    newcomer("1")
    prompt = Prompt.objects.get(owner="intake", owner_id=intake.pk, state="open")
    assert prompt.key == "lives_in_area" and prompt.reminded_at is None
    assert prompt.expires_at > timezone.now() + timedelta(hours=71)


def test_the_reminder_of_the_guidelines_question_gives_their_text_again(community, newcomer):
    member = newcomer(kind="join_request")
    _answer_all(newcomer, ANSWERS[:-1])
    Prompt.objects.filter(owner="intake", state="open").update(
        remind_at=timezone.now() - timedelta(minutes=1)
    )
    assert prompt_deadlines_sweep() == 1
    text, question = sent_to(member, 2)
    assert "خارج موضوع المجموعة" in text and question.startswith("تذكير")


def test_scheduler_job_is_registered(settings):
    assert "passerelle.prompts.sweep.prompt_deadlines_sweep" in settings.SCHEDULED_JOBS


def test_everything_asked_is_stored_with_the_membership(community, newcomer):
    member = newcomer(kind="join_request")
    _answer_all(newcomer)
    membership = Membership.objects.get(member=member)
    answers = membership.intakes.get().answers.all()
    assert all(a.prompt and a.answered_at for a in answers)
    assert answers.get(key="guidelines").value == "yes"

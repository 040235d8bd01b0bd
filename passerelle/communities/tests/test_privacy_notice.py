"""The privacy notice after the welcome and on /privacy, and consents recorded at intake."""

import pytest

from passerelle.channels.types import registry
from passerelle.communities import commands
from passerelle.communities.intake import intake_accept
from passerelle.communities.models import Intake, IntakeQuestion
from passerelle.communities.privacy import fingerprint
from passerelle.communities.services import intake_question_save, service_text_set
from passerelle.communities.tests.conftest import sent_to
from passerelle.members.models import ConsentEvent
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff

# Language (1 = العربية), area, arrival, help (3 = both), surveys (2 = no), guidelines (نعم)
ANSWERS = ["1", "1", "1", "3", "2", "نعم"]


@pytest.fixture
def surveys_question(community):
    _user, admin = make_staff(community, Role.ADMIN)
    return intake_question_save(
        role=admin,
        question=IntakeQuestion(
            key="consent_surveys",
            position=90,
            kind=IntakeQuestion.Kind.YES_NO,
            prompts={"ar": "هل نتواصل معكم للاستبيانات؟", "en": "Surveys?", "fr": "Sondages ?"},
        ),
    )


def test_accepting_sends_the_notice_after_the_welcome_and_records_every_consent(
    community, newcomer, surveys_question
):
    member = newcomer(kind="join_request")
    for text in ANSWERS:
        newcomer(text)
    _user, role = make_staff(community, Role.MODERATOR)
    intake_accept(intake=Intake.objects.get(), role=role)

    welcome, notice = sent_to(member, 2)
    assert "تم قبول طلبكم" in welcome
    assert notice.startswith(f"الخصوصية في {community.name}")
    # The simulator's own sentence, in Arabic, then where personal details belong.
    assert registry.get("simulator").privacy_notice["ar"] in notice
    assert "راسلونا على الخاص" in notice and "/privacy" in notice

    events = {(e.purpose, e.action): e for e in ConsentEvent.objects.filter(member=member)}
    assert events[("guidelines", "given")].version == "1"
    assert events[("guidelines", "given")].via == "simulator"
    assert ("surveys", "declined") in events  # the intake question keyed consent_surveys
    informed = events[("privacy_notice", "informed")]
    assert informed.version == fingerprint(notice) and len(informed.version) == 12


def test_declining_the_guidelines_is_recorded_too(community, newcomer):
    member = newcomer(kind="join_request")
    for text in ["1", "1", "1", "3", "لا"]:
        newcomer(text)
    event = ConsentEvent.objects.get(member=member)
    assert (event.purpose, event.action, event.version) == ("guidelines", "declined", "1")


@pytest.mark.parametrize(
    "word, language, opening",
    [
        ("/privacy", "ar", "الخصوصية في"),
        ("privacy", "en", "Privacy at"),
        ("Confidentialité", "fr", "Confidentialité —"),
        ("الخصوصية", "ar", "الخصوصية في"),
    ],
)
def test_privacy_command_in_every_language_answers_where_it_was_asked(
    community, newcomer, word, language, opening
):
    member = newcomer("hello")
    before = len(sent_to(member))
    newcomer(word)
    texts = sent_to(member)
    assert len(texts) == before + 1
    assert texts[-1].startswith(opening)
    assert registry.get("simulator").privacy_notice[language] in texts[-1]
    event = ConsentEvent.objects.get(member=member, purpose="privacy_notice")
    assert event.action == "informed" and event.version == fingerprint(texts[-1])


def test_the_service_rewords_the_notice_and_the_platform_sentence_stays(community, newcomer):
    _user, admin = make_staff(community, Role.ADMIN)
    service_text_set(
        role=admin,
        key="privacy_notice",
        texts={"ar": "خصوصيتكم مهمة لدى {service}.\n{platforms}"},
    )
    member = newcomer("/privacy")
    notice = sent_to(member)[-1]
    assert notice.startswith(f"خصوصيتكم مهمة لدى {community.name}.")
    assert registry.get("simulator").privacy_notice["ar"] in notice


def test_privacy_words_are_one_vocabulary():
    for word in ("/privacy", "/confidentialite", "privacy", "CONFIDENTIALITÉ", "الخصوصية"):
        assert commands.parse(word, private=True).name == commands.PRIVACY, word
    assert commands.parse("privacy", private=False) is None  # a word in a group is a sentence
    assert commands.parse("/privacy", private=False).name == commands.PRIVACY


@pytest.mark.parametrize("channel_type", registry.all_types(), ids=lambda t: t.slug)
def test_every_platform_says_who_can_read_it_in_three_short_sentences(channel_type):
    notice = channel_type.privacy_notice
    assert set(notice) >= {"en", "fr", "ar"}
    assert all(0 < len(notice[lang]) <= 160 for lang in ("en", "fr", "ar"))
    assert any("\u0600" <= ch <= "\u06ff" for ch in notice["ar"])

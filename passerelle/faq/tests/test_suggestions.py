"""The moderator answers with a verified answer; stale entries are flagged, never silent."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.faq.models import FaqEntry
from passerelle.faq.selectors import faq_suggestions
from passerelle.faq.services import faq_entry_mark_verified, faq_entry_save
from passerelle.questions import services
from passerelle.questions.tests.helpers import ask, make_member

pytestmark = pytest.mark.django_db

SCHOOL = {
    "ar": ["كيف أسجل أطفالي في المدرسة؟"],
    "fr": ["Comment inscrire mes enfants à l'école ?"],
}


def make_entry(role, title, phrasings, answers, *, review_in_days=90):
    today = timezone.localdate(timezone=role.service.tz)
    entry = FaqEntry(
        title=title,
        answers=answers,
        source_name="Ottawa school boards",
        source_url="https://example.org/schools",
        last_verified_on=today - timedelta(days=10),
        review_by=today + timedelta(days=review_in_days),
    )
    return faq_entry_save(role=role, entry=entry, phrasings=phrasings)


@pytest.fixture
def entries(mod_role):
    school = make_entry(
        mod_role,
        "School registration",
        SCHOOL,
        {
            "ar": "سجلوا في مركز استقبال الطلاب.",
            "fr": "Au centre d'accueil.",
            "en": "At the welcome centre.",
        },
    )
    stale = make_entry(
        mod_role,
        "School buses (old)",
        {"ar": ["حافلة المدرسة للأطفال"]},
        {"ar": "الحافلة مجانية."},
        review_in_days=-1,
    )
    other = make_entry(
        mod_role, "Health card", {"fr": ["carte santé OHIP"]}, {"fr": "ServiceOntario."}
    )
    return school, stale, other


def test_suggestions_match_in_the_members_language(mod_role, entries):
    school, stale, _other = entries
    fresh, flagged = faq_suggestions(mod_role, "كيف اسجل اولادي في المدرسه", "fr")
    assert [s.entry for s in fresh] == [school]
    assert fresh[0].text == "Au centre d'accueil." and fresh[0].language == "fr"
    # The stale entry matches too, but only comes back flagged, apart.
    assert [s.entry for s in flagged] == [stale] and flagged[0].stale


def test_answer_with_an_entry_records_it(service, mod_role, entries):
    school, stale, _other = entries
    member = make_member(service, language="fr")
    question = ask(mod_role, member=member, text="inscrire les enfants à l'école ?")
    answer = services.question_answer(
        role=mod_role, question=question, text="Au centre d'accueil.", faq_entry=school
    )
    assert answer.faq_entry == school and answer.faq_language == "fr"
    assert question.events.get(kind="answered").data["faq_entry"] == school.pk
    with pytest.raises(ValidationError, match="review"):
        services.question_answer(role=mod_role, question=question, text="x", faq_entry=stale)


def test_stale_entries_are_shown_flagged_in_the_panel_without_insert(
    moderator_client, service, moderator, entries
):
    from passerelle.orgs.models import StaffRole

    school, stale, _other = entries
    role = StaffRole.objects.get(user=moderator)
    question = ask(role, text="حافلة المدرسة للأطفال؟")
    html = moderator_client.get(f"/s/{service.slug}/questions/{question.pk}/card/").content.decode()
    fresh_part, _sep, stale_part = html.partition("past their review date")
    assert f'data-entry="{school.pk}"' in fresh_part
    assert f'data-entry="{stale.pk}"' not in fresh_part  # no one-click insert
    assert "School buses (old)" in stale_part and "Review overdue" in stale_part
    # Forging the id does not help either.
    response = moderator_client.post(
        f"/s/{service.slug}/questions/{question.pk}/answer/",
        {"text": "x", "faq_entry": stale.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422 and "review" in response.content.decode()


def test_marking_verified_brings_an_entry_back(mod_role, entries):
    _school, stale, _other = entries
    faq_entry_mark_verified(role=mod_role, entry=stale)
    fresh, flagged = faq_suggestions(mod_role, "حافلة المدرسة", "ar")
    assert stale in [s.entry for s in fresh] and not flagged


def test_inactive_entries_are_never_suggested(mod_role, entries):
    school, _stale, _other = entries
    FaqEntry.objects.filter(pk=school.pk).update(is_active=False)
    fresh, _flagged = faq_suggestions(mod_role, "inscrire enfants école", "fr")
    assert school not in [s.entry for s in fresh]

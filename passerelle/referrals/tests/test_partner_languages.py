"""Partner texts kept per language: typed once per language of the service, read in the
reader's language (else the service's default), sent to the member in theirs."""

import re

import pytest

from passerelle.questions.tests.helpers import ask, make_member
from passerelle.referrals.forms import PartnerForm
from passerelle.referrals.models import Partner, PartnerService
from passerelle.referrals.services import referral_create, referral_draft

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "name": "Clinique juridique",
        "languages": "ar, fr",
        "is_active": "on",
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "1000",
    }
    return {**data, **extra}


def _partner(service, **texts):
    return Partner.objects.create(org=service.org, name="Clinique juridique", **texts)


def test_the_form_has_one_input_per_language_labelled_in_that_language():
    form = PartnerForm(languages=["ar", "fr", "en"])
    html = str(form["description_ar"]) + str(form["hours_fr"])
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert 'lang="fr"' in html and 'dir="ltr"' in html
    assert form.fields["description_ar"].label.endswith("(العربية)")
    assert form.fields["description_fr"].label.endswith("(Français)")
    assert form.fields["intake_notes_en"].label.endswith("(English)")
    assert "description" not in form.fields and "description_de" not in form.fields


def test_texts_in_two_languages_are_saved_per_language(moderator_client, service):
    response = moderator_client.post(
        f"/s/{service.slug}/partners/new/",
        _form(
            description_ar="مساعدة قانونية مجانية",
            description_fr="Aide juridique gratuite",
            hours_ar="الثلاثاء والخميس 9–12",
            hours_fr="Mar et jeu 9 h–12 h",
            intake_notes_ar="اتصلوا أولاً",
            **{
                "services-0-category": "legal",
                "services-0-name": "Droits des locataires",
                "services-0-description_ar": "حقوق المستأجرين",
                "services-0-description_fr": "Vos droits de locataire",
            },
        ),
    )
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert partner.description == {"ar": "مساعدة قانونية مجانية", "fr": "Aide juridique gratuite"}
    assert partner.hours == {"ar": "الثلاثاء والخميس 9–12", "fr": "Mar et jeu 9 h–12 h"}
    assert partner.intake_notes == {"ar": "اتصلوا أولاً"}
    assert partner.services.get().description == {
        "ar": "حقوق المستأجرين",
        "fr": "Vos droits de locataire",
    }


def test_a_text_needs_the_default_language(moderator_client, service):
    assert service.default_language == "ar"
    response = moderator_client.post(
        f"/s/{service.slug}/partners/new/", _form(description_fr="Aide juridique gratuite")
    )
    assert response.status_code == 422
    assert "the service&#x27;s default language" in response.content.decode()
    assert not Partner.objects.exists()


def test_texts_in_a_language_the_service_dropped_are_kept(service):
    partner = _partner(service, description={"ar": "قديم", "de": "Rechtsberatung"})
    form = PartnerForm(
        {"name": partner.name, "languages": "", "description_ar": "جديد", "is_active": "on"},
        instance=partner,
        languages=service.languages,
    )
    assert form.is_valid(), form.errors
    assert form.save().description == {"ar": "جديد", "de": "Rechtsberatung"}


def test_a_text_falls_back_to_the_services_default_language(service):
    partner = _partner(service, description={"ar": "مساعدة قانونية", "fr": "Aide juridique"})
    assert partner.text_for("description", "fr", "ar") == "Aide juridique"
    english = partner.text_for("description", "en", "ar")
    assert english == "مساعدة قانونية" and english.language == "ar"
    assert english.direction == "rtl"
    # No default given and no text in the language: the first language it has.
    assert partner.text_for("description", "en") == "مساعدة قانونية"
    assert partner.text_for("hours", "fr", "ar") == ""


def test_the_member_gets_the_partner_texts_in_their_language(service, mod_role):
    partner = _partner(
        service,
        phone="613-555-0142",
        hours={"ar": "الثلاثاء 9-12", "fr": "Mardi 9 h-12 h"},
        intake_notes={"ar": "اتصلوا أولاً", "fr": "Appelez d'abord"},
        description={"ar": "مساعدة قانونية مجانية", "fr": "Aide juridique gratuite"},
    )
    french = make_member(service, language="fr")
    text, language = referral_draft(
        service=service, member=french, partner=partner, partner_service=None
    )
    assert language == "fr"
    assert "Mardi 9 h-12 h" in text and "Appelez d'abord" in text
    assert "Aide juridique gratuite" in text and "الثلاثاء" not in text

    # An English member: no English text, so the service's default (Arabic) one.
    english = make_member(service, language="en")
    text, language = referral_draft(
        service=service, member=english, partner=partner, partner_service=None
    )
    assert language == "en" and "الثلاثاء 9-12" in text and "Mardi" not in text

    # And what the member receives is that text.
    question = ask(mod_role, member=french)
    text, _ = referral_draft(service=service, member=french, partner=partner, partner_service=None)
    referral = referral_create(role=mod_role, question=question, partner=partner, text=text)
    assert "Appelez d'abord" in referral.message.text and referral.language == "fr"


def test_a_partner_services_own_texts_come_first(service):
    partner = _partner(service, hours={"ar": "كل يوم"}, intake_notes={"fr": "Appelez"})
    offered = PartnerService.objects.create(
        org=service.org,
        partner=partner,
        category="legal",
        name="Locataires",
        hours={"fr": "Jeudi seulement"},
    )
    text, _ = referral_draft(
        service=service, member=make_member(service, language="fr"), partner=partner,
        partner_service=offered,
    )  # fmt: skip
    assert "Jeudi seulement" in text and "كل يوم" not in text and "Appelez" in text


def test_the_directory_shows_the_arabic_text_right_to_left(moderator_client, service):
    _partner(service, description={"ar": "مساعدة قانونية مجانية", "fr": "Aide juridique"})
    moderator_client.cookies["django_language"] = "ar"
    html = moderator_client.get(f"/s/{service.slug}/partners/").content.decode()
    assert re.search(r'<p[^>]*lang="ar" dir="rtl">مساعدة قانونية مجانية</p>', html)
    assert "Aide juridique" not in html

    moderator_client.cookies["django_language"] = "fr"
    html = moderator_client.get(f"/s/{service.slug}/partners/").content.decode()
    assert re.search(r'<p[^>]*lang="fr" dir="ltr">Aide juridique</p>', html)
    # English has no text of its own: the default language's, marked as Arabic.
    moderator_client.cookies["django_language"] = "en"
    html = moderator_client.get(f"/s/{service.slug}/partners/").content.decode()
    assert re.search(r'<p[^>]*lang="ar" dir="rtl">مساعدة قانونية مجانية</p>', html)


def test_the_edit_form_shows_arabic_inputs_right_to_left(moderator_client, service):
    partner = _partner(service, description={"ar": "مساعدة قانونية"})
    html = moderator_client.get(f"/s/{service.slug}/partners/{partner.pk}/").content.decode()
    textarea = re.search(r'<textarea[^>]*name="description_ar"[^>]*>', html).group(0)
    assert 'dir="rtl"' in textarea and 'lang="ar"' in textarea
    assert "مساعدة قانونية" in html
    assert re.search(r'<input[^>]*name="hours_fr"[^>]*>', html).group(0).count('dir="ltr"') == 1


def test_search_finds_a_partner_by_its_arabic_description(moderator_client, service):
    _partner(service, description={"ar": "مساعدة قانونية مجانية"})
    html = moderator_client.get(f"/s/{service.slug}/partners/?q=قانونية").content.decode()
    assert "Clinique juridique" in html
    html = moderator_client.get(f"/s/{service.slug}/partners/?q=nothing").content.decode()
    assert "Clinique juridique" not in html

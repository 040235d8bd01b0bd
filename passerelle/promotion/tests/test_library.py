"""The key messages and discussion prompts: seeded once per service, edited by moderators,
read by every staff member with "read", deleted after a confirmation (and undone)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passerelle.orgs.models import Role
from passerelle.promotion import selectors, services
from passerelle.promotion.models import LibraryText
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db

KEY = LibraryText.Kind.KEY_MESSAGE
PROMPT = LibraryText.Kind.DISCUSSION_PROMPT


def test_a_service_starts_with_the_toolkit_texts_in_three_languages(mod_role):
    keys = list(selectors.library_for(mod_role, KEY))
    prompts = list(selectors.library_for(mod_role, PROMPT))
    assert len(keys) == 4 and len(prompts) == 5
    for text in keys + prompts:
        assert set(text.texts) == {"en", "fr", "ar"}
    assert any("{join_link}" in t.texts["ar"] for t in keys)
    # Seeded once: reading again, or after deleting them all, seeds nothing more.
    for text in keys:
        services.library_text_delete(role=mod_role, text=text)
    assert list(selectors.library_for(mod_role, KEY)) == []


def test_seeded_titles_are_in_the_service_language():
    service = make_service(languages=("fr", "en"))
    _user, role = make_staff(service, Role.MODERATOR)
    titles = [t.title for t in selectors.library_for(role, KEY)]
    assert "Description courte" in titles


def test_placeholders_are_filled(mod_role):
    text = "Rejoignez {service_name} : {join_link} {unknown}"
    filled = selectors.filled(text, service=mod_role.service, join_link="https://t.me/+x")
    assert filled == f"Rejoignez {mod_role.service.name} : https://t.me/+x {{unknown}}"


def test_save_checks_permission_service_and_text(service, mod_role):
    _user, partner = make_staff(service, Role.PARTNER)
    with pytest.raises(PermissionDenied):
        services.library_text_save(role=partner, text=LibraryText(kind=KEY, title="x", texts={}))
    with pytest.raises(ValidationError):
        services.library_text_save(
            role=mod_role, text=LibraryText(kind=KEY, title="Empty", texts={"en": "  "})
        )
    other = make_service()
    _user, other_mod = make_staff(other, Role.MODERATOR)
    theirs = selectors.library_for(other_mod, KEY).first()
    with pytest.raises(PermissionDenied):
        services.library_text_save(role=mod_role, text=theirs)
    with pytest.raises(Exception, match="No such text"):
        selectors.library_text_get(mod_role, theirs.pk)


def test_pages_create_edit_delete_with_confirmation_and_undo(client, service, mod_role):
    client.force_login(mod_role.user)
    base = f"/s/{service.slug}/promote/"
    assert client.get(base).status_code == 200
    bad = client.post(base + "texts/new/?kind=key_message", {"title": "Flyer"})
    assert bad.status_code == 422
    assert "Write the text in at least one language." in bad.content.decode()
    made = client.post(
        base + "texts/new/?kind=key_message",
        {"title": "Flyer", "text_en": "Join {service_name}: {join_link}", "text_ar": "انضم"},
    )
    assert made.status_code == 302
    text = LibraryText.objects.get(service=service, title="Flyer")
    assert text.texts == {"en": "Join {service_name}: {join_link}", "ar": "انضم"}
    assert text.created_by == mod_role.user
    client.post(base + f"texts/{text.pk}/", {"title": "Flyer", "text_fr": "Rejoignez-nous"})
    text.refresh_from_db()
    assert text.texts == {"fr": "Rejoignez-nous"}

    # Deleting asks first (a page when the browser's dialog did not), then deletes.
    asked = client.post(base + f"texts/{text.pk}/delete/")
    assert asked.status_code == 200 and "Delete “Flyer”?" in asked.content.decode()
    assert LibraryText.objects.filter(pk=text.pk).exists()
    client.post(base + f"texts/{text.pk}/delete/", {"confirmed": "1"})
    assert not LibraryText.objects.filter(pk=text.pk).exists()
    page = client.get(base).content.decode()
    assert "“Flyer” was deleted." in page
    client.post(base + "texts/undo/")
    back = LibraryText.objects.get(service=service, title="Flyer")
    assert back.texts == {"fr": "Rejoignez-nous"} and back.kind == KEY
    assert "was deleted" not in client.get(base).content.decode()


def test_who_reads_and_who_edits(client, service):
    base = f"/s/{service.slug}/promote/"
    partner, _role = make_staff(service, Role.PARTNER)
    client.force_login(partner)
    page = client.get(base)
    assert page.status_code == 200
    assert "New key message" not in page.content.decode()
    assert client.get(base + "texts/new/").status_code == 404
    viewer, _role = make_staff(service, Role.VIEWER)
    client.force_login(viewer)
    assert client.get(base).status_code == 404


def test_page_shows_texts_filled_for_the_chosen_channel(client, service, mod_role, channels):
    client.force_login(mod_role.user)
    sms = channels["sms_twilio"]
    page = client.get(f"/s/{service.slug}/promote/?channel={sms.pk}&lang=fr").content.decode()
    # Each language's text carries that language's words to text.
    assert "Free. Text JOIN to +15875550100" in page
    assert "Gratuit. Envoyez REJOINDRE par texto au +15875550100" in page
    assert "مجانًا. أرسلوا انضم برسالة نصية إلى +15875550100" in page
    assert "{join_link}" not in page
    assert 'data-copy-target="text-' in page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_page_in_french_and_arabic(client, service, mod_role, channels, language):
    client.force_login(mod_role.user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get(f"/s/{service.slug}/promote/").content.decode()
    assert f'lang="{language}"' in page
    word = {"fr": "Messages clés", "ar": "الرسائل الرئيسية"}[language]
    assert word in page

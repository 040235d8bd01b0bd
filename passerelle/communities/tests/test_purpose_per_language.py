"""The service purpose is a text per language: set up by `passerelle service create`, posted
in each language's own words in the group description, shown on the web chat page."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from passerelle.communities.notify import group_notify
from passerelle.conversations.models import Message
from passerelle.orgs.models import Role, Service
from passerelle.testing.factories import login_verified, make_channel, make_service, make_staff

pytestmark = pytest.mark.django_db


def _create(*args):
    call_command("service", "create", "--slug", "ici", "--name", "Ici", *args, stdout=StringIO())


def test_service_create_takes_the_purpose_in_each_language():
    _create(
        "--language", "ar", "--language", "fr",
        "--purpose", "أسئلة عن الاستقرار", "--purpose-in", "fr", "Questions sur l'établissement",
    )  # fmt: skip
    purpose = Service.objects.get(slug="ici").purpose
    assert purpose == {"ar": "أسئلة عن الاستقرار", "fr": "Questions sur l'établissement"}


def test_service_create_refuses_a_purpose_without_the_default_language_or_unknown_one():
    with pytest.raises(CommandError, match="default language"):
        _create("--language", "ar", "--language", "fr", "--purpose-in", "fr", "Bonjour")
    with pytest.raises(CommandError, match="not one of the service's languages"):
        _create("--language", "ar", "--purpose", "مرحبا", "--purpose-in", "de", "Hallo")
    assert not Service.objects.filter(slug="ici").exists()


def test_the_group_description_gives_each_language_its_own_purpose():
    service = make_service(languages=("ar", "fr", "en"))
    service.purpose = {"ar": "أسئلة عن الاستقرار", "fr": "Vos questions d'installation"}
    service.save()
    group_notify(service=service, key="group_description", purpose=service.purpose, send=False)
    text = Message.objects.filter(service=service, thread__kind="group").latest("id").text
    arabic, french, english = text.split("\n\n")
    assert "أسئلة عن الاستقرار" in arabic and "Vos questions" not in arabic
    assert "Vos questions d'installation" in french
    assert "أسئلة عن الاستقرار" in english  # no English text: the default language's


def test_the_web_chat_page_shows_the_purpose_in_the_pages_language(client):
    service = make_service(languages=("ar", "fr"))
    service.purpose = {"ar": "أسئلة عن الاستقرار", "fr": "Vos questions d'installation"}
    service.save()
    channel = make_channel(service, "webchat")
    html = client.get(f"/chat/{channel.uuid}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert re.search(r'<p lang="fr" dir="ltr">Vos questions d&#x27;installation</p>', html)
    html = client.get(f"/chat/{channel.uuid}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'<p lang="ar" dir="rtl">أسئلة عن الاستقرار</p>', html)


def test_an_administrator_writes_the_purpose_per_language_on_join_settings(client, service):
    admin, _role = make_staff(service, Role.ADMIN)
    login_verified(client, admin)
    url = f"/s/{service.slug}/join-settings/"
    html = client.get(url).content.decode()
    arabic = re.search(r'<textarea[^>]*name="purpose_ar"[^>]*>', html).group(0)
    assert 'dir="rtl"' in arabic and 'lang="ar"' in arabic
    assert "(العربية)" in html and "(Français)" in html

    # The default language (Arabic) is needed as soon as any language is written.
    client.post(url, {"action": "purpose", "purpose_fr": "Vos questions"})
    service.refresh_from_db()
    assert service.purpose == {}

    response = client.post(
        url, {"action": "purpose", "purpose_ar": "أسئلتكم", "purpose_fr": "Vos questions"}
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.purpose == {"ar": "أسئلتكم", "fr": "Vos questions"}


def test_an_administrator_makes_the_group_one_way_on_join_settings(client, service):
    from passerelle.orgs.models import Service

    admin, _role = make_staff(service, Role.ADMIN)
    login_verified(client, admin)
    url = f"/s/{service.slug}/join-settings/"
    assert 'name="mode"' in client.get(url).content.decode()
    assert client.post(url, {"action": "mode", "mode": "everyone"}).status_code == 200
    service.refresh_from_db()
    assert service.mode == Service.Mode.INTERACTIVE  # an unknown mode changes nothing
    assert client.post(url, {"action": "mode", "mode": "one_way"}).status_code == 302
    service.refresh_from_db()
    assert service.mode == Service.Mode.ONE_WAY

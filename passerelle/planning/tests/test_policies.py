"""Policies: every policy in every language of the service, from the templates; each save a
new version with its author; previous versions readable; case management only for a
one-to-one service; the XLSX holds the latest versions."""

import pytest

from passerelle.orgs.models import Service
from passerelle.planning.models import PolicyVersion
from passerelle.planning.policy_templates import KINDS, TEMPLATES, kinds_for
from passerelle.planning.tests.helpers import sheet_rows

pytestmark = pytest.mark.django_db


def test_every_template_exists_in_english_french_and_arabic():
    for kind, _name in KINDS:
        assert set(TEMPLATES[kind]) == {"en", "fr", "ar"}
        assert all(len(text) > 300 for text in TEMPLATES[kind].values())


def test_case_management_is_only_for_one_to_one_services(service):
    assert "case_management" not in dict(kinds_for(service))
    service.mode = Service.Mode.ONE_TO_ONE
    assert "case_management" in dict(kinds_for(service))


def test_a_policy_starts_from_the_template_and_each_save_is_a_version(admin_client, service, admin):
    base = f"/s/{service.slug}/planning/policies/"
    page = admin_client.get(base)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Template, not adopted yet" in html
    assert "Un membre peut être retiré pour" in html  # the French template, as written

    form = admin_client.get(base + "privacy/fr/")
    assert form.status_code == 200
    assert "Quand nous passons en conversation privée" in form.content.decode()
    admin_client.post(base + "privacy/fr/", {"text": "Version 1"})
    admin_client.post(base + "privacy/fr/", {"text": "Version 2"})
    versions = PolicyVersion.objects.filter(service=service, kind="privacy", language="fr")
    assert [v.text for v in versions.order_by("id")] == ["Version 1", "Version 2"]
    assert {v.author for v in versions} == {admin[0]}

    history = admin_client.get(base + "privacy/fr/history/").content.decode()
    assert "Version 1" in history and "Version 2" in history
    assert admin_client.get(base + "privacy/fr/").context["form"]["text"].value() == "Version 2"

    empty = admin_client.post(base + "privacy/ar/", {"text": "  "})
    assert empty.status_code == 422
    assert admin_client.get(base + "privacy/de/").status_code == 404
    assert admin_client.get(base + "case_management/fr/").status_code == 404

    rows = sheet_rows(admin_client.get(f"/s/{service.slug}/planning/policies.xlsx"))
    assert rows[0] == ["Policy", "Language", "Version of", "By", "Text"]
    privacy_fr = next(
        r for r in rows if r[0] == "Privacy and private conversations" and r[1] == "fr"
    )
    assert privacy_fr[3] == admin[0].email and privacy_fr[4] == "Version 2"
    assert len(rows) == 1 + len(kinds_for(service)) * len(service.languages)

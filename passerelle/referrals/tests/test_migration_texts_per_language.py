"""Migrations orgs 0004 and referrals 0003 turn the service purpose and the partners' texts
into texts per language, the old text under the service's default language, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("orgs", "0003_staff_alerts"), ("referrals", "0002_alter_referral_service")]
AFTER = [("orgs", "0004_purpose_per_language"), ("referrals", "0003_partner_texts_per_language")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def _latest():
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_single_texts_become_the_default_languages_and_come_back():
    apps = _migrate(BEFORE)
    org = apps.get_model("orgs", "Organization").objects.create(name="Agence", slug="agence")
    Service = apps.get_model("orgs", "Service")
    service = Service.objects.create(
        org=org, slug="groupe", name="Groupe", languages=["fr", "ar"], purpose="S'établir"
    )
    silent = Service.objects.create(org=org, slug="muet", name="Muet", languages=["en"])
    Partner = apps.get_model("referrals", "Partner")
    partner = Partner.objects.create(
        org=org, name="Clinique", description="Aide juridique", hours="Mardi", intake_notes=""
    )
    offered = apps.get_model("referrals", "PartnerService").objects.create(
        org=org, partner=partner, category="legal", name="Locataires", intake_notes="Appelez"
    )

    apps = _migrate(AFTER)
    assert apps.get_model("orgs", "Service").objects.get(pk=service.pk).purpose == {
        "fr": "S'établir"
    }
    assert apps.get_model("orgs", "Service").objects.get(pk=silent.pk).purpose == {}
    moved = apps.get_model("referrals", "Partner").objects.get(pk=partner.pk)
    # The organization's first service speaks French first.
    assert (moved.description, moved.hours, moved.intake_notes) == (
        {"fr": "Aide juridique"},
        {"fr": "Mardi"},
        {},
    )
    moved_service = apps.get_model("referrals", "PartnerService").objects.get(pk=offered.pk)
    assert moved_service.intake_notes == {"fr": "Appelez"} and moved_service.description == {}

    # Texts written since in other languages: back to one text, the default language's.
    apps.get_model("referrals", "Partner").objects.filter(pk=partner.pk).update(
        description={"ar": "مساعدة قانونية", "fr": "Aide juridique gratuite"},
        hours={"ar": "الثلاثاء"},
    )
    apps = _migrate(BEFORE)
    back = apps.get_model("referrals", "Partner").objects.get(pk=partner.pk)
    assert (back.description, back.hours, back.intake_notes) == (
        "Aide juridique gratuite",
        "الثلاثاء",  # no French text: the first one there is
        "",
    )
    assert apps.get_model("orgs", "Service").objects.get(pk=service.pk).purpose == "S'établir"
    assert (
        apps.get_model("referrals", "PartnerService").objects.get(pk=offered.pk).intake_notes
        == "Appelez"
    )
    _latest()

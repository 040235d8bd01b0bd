"""The risk register: a new service starts with the seeds' risks in its languages; rows are
added, changed and deleted (after confirming) through the pages; the rating follows the
documented rule; overdue reviews show on the inbox; the XLSX holds the same rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.orgs.models import Role
from passerelle.planning import services
from passerelle.planning.models import Risk
from passerelle.planning.risks import SEEDS, rating_of
from passerelle.planning.tests.helpers import sheet_rows
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = pytest.mark.django_db


def test_the_rating_rule():
    assert [rating_of(a, b) for a, b in [(1, 1), (1, 2), (2, 2), (1, 3), (2, 3), (3, 3)]] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]


def test_a_service_starts_with_the_seeds_risks_in_its_languages(admin_client, service):
    page = admin_client.get(f"/s/{service.slug}/planning/risks/")
    assert page.status_code == 200
    risks = Risk.objects.filter(service=service)
    assert sorted(r.seed_key for r in risks) == sorted(s[0] for s in SEEDS)
    danger = risks.get(seed_key="member_in_danger")
    assert set(danger.risk) == {"fr", "ar", "en"}
    assert danger.risk["fr"].startswith("Un membre est en danger")
    assert "911" in danger.mitigation["ar"]
    # Shown in the reader's language (English here), the most serious first.
    assert page.context["rows"][0][0].rating == "high"
    # Started once: a deleted seeded row does not come back.
    danger.delete()
    assert services.risk_register_start(service=service) == 0
    admin_client.get(f"/s/{service.slug}/planning/risks/")
    assert not Risk.objects.filter(service=service, seed_key="member_in_danger").exists()


def _risk_post(**extra):
    data = {
        "risk_fr": "Le serveur tombe en panne",
        "risk_ar": "",
        "risk_en": "The server goes down",
        "mitigation_fr": "Sauvegardes",
        "mitigation_ar": "",
        "mitigation_en": "Backups",
        "category": "platform",
        "likelihood": "2",
        "impact": "3",
        "residual": "low",
        "owner": "",
        "review_on": "",
    }
    data.update(extra)
    return data


def test_rows_are_added_changed_deleted_and_exported(admin_client, service, admin):
    services.risk_register_start(service=service)
    base = f"/s/{service.slug}/planning/risks/"
    moderator, _ = make_staff(service, Role.MODERATOR)
    past = timezone.localdate(timezone=service.tz) - timedelta(days=3)
    response = admin_client.post(
        base + "new/", _risk_post(owner=str(moderator.pk), review_on=past.isoformat())
    )
    assert response.status_code == 302
    added = Risk.objects.get(service=service, seed_key="")
    assert added.rating == "high" and added.owner == moderator and added.review_on == past

    response = admin_client.post(f"{base}{added.pk}/", _risk_post(likelihood="1", impact="1"))
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.rating == "low" and added.review_on is None

    # An owner who is not staff of this service is refused with a message.
    outsider, _ = make_staff(make_service())
    refused = admin_client.post(f"{base}{added.pk}/", _risk_post(owner=str(outsider.pk)))
    assert refused.status_code == 422

    rows = sheet_rows(admin_client.get(f"/s/{service.slug}/planning/risks.xlsx"))
    assert rows[0][:4] == ["Risk (fr)", "Risk (ar)", "Risk (en)", "Category"]
    assert len(rows) == 1 + len(SEEDS) + 1
    mine = next(r for r in rows if r[0] == "Le serveur tombe en panne")
    assert mine[2:7] == ["The server goes down", "Platform", "Low", "Low", "Low"]
    assert mine[7] == "Sauvegardes"

    # Deleting asks first (without JavaScript: a page), then deletes.
    asked = admin_client.post(f"{base}{added.pk}/delete/")
    assert asked.status_code == 200 and "Please confirm" in asked.content.decode()
    assert Risk.objects.filter(pk=added.pk).exists()
    done = admin_client.post(f"{base}{added.pk}/delete/", {"confirmed": "1"})
    assert done.status_code == 302
    assert not Risk.objects.filter(pk=added.pk).exists()


def test_overdue_reviews_show_on_the_dashboard_in_one_query(
    client, service, admin_role, django_assert_num_queries
):
    from django.template import Context, Template

    services.risk_register_start(service=service)
    moderator, mod_role = make_staff(service, Role.MODERATOR)
    client.force_login(moderator)
    dashboard = f"/s/{service.slug}/reports/"
    assert 'id="planning-overdue"' not in client.get(dashboard).content.decode()
    Risk.objects.filter(service=service, seed_key="funding_ends").update(
        review_on=timezone.localdate(timezone=service.tz) - timedelta(days=1)
    )
    Risk.objects.filter(service=service, seed_key="moderator_overload").update(
        review_on=timezone.localdate(timezone=service.tz) + timedelta(days=10)
    )
    html = client.get(dashboard).content.decode()
    assert 'id="planning-overdue"' in html
    assert "1 risk of the register is past its review date." in html

    mod_role.service = service  # as the dashboard's role_for loads it
    notice = Template("{% load planning_tags %}{% risks_overdue role %}")
    with django_assert_num_queries(1):
        assert "planning-overdue" in notice.render(Context({"role": mod_role}))
    # A viewer reads the dashboard but not the register: no notice, no query.
    _viewer, viewer_role = make_staff(service, Role.VIEWER)
    with django_assert_num_queries(0):
        assert notice.render(Context({"role": viewer_role})).strip() == ""


def test_the_admin_reads_it_in_another_language(client, service, admin):
    services.risk_register_start(service=service)
    login_verified(client, admin[0])
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    page = client.get(f"/s/{service.slug}/planning/risks/")
    texts = [str(text) for _r, text, _m, _rating in page.context["rows"]]
    assert any(t.startswith("أحد الأعضاء في خطر") for t in texts)

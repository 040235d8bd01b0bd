"""Acceptance: the readiness and platform-choice checklists filled through their pages,
each save a new version with its author, and exported as XLSX holding the same rows."""

import pytest

from passerelle.planning import platforms, readiness
from passerelle.planning.models import ChecklistVersion
from passerelle.planning.tests.helpers import sheet_rows
from passerelle.testing.factories import make_channel

pytestmark = pytest.mark.django_db


def _readiness_post(**answers):
    data = {"purposes": ["exchange", "isolation", "other"], "purpose_other": "Jobs board"}
    for key in readiness.STATEMENT_KEYS:
        answer, explanation = answers.get(key, ("yes", f"Because {key}"))
        data[f"answer_{key}"], data[f"explanation_{key}"] = answer, explanation
    return data


def test_the_readiness_checklist_is_filled_versioned_and_exported(admin_client, service, admin):
    base = f"/s/{service.slug}/planning/readiness/"
    first = admin_client.post(base + "edit/", _readiness_post(audience=("doubt", "=Ask them")))
    assert first.status_code == 302
    page = admin_client.get(base)
    assert page.context["stop"] is True  # a doubt: stop and plan, as the toolkit says
    assert 'data-stop="1"' in page.content.decode()

    admin_client.post(base + "edit/", _readiness_post())
    versions = list(
        ChecklistVersion.objects.filter(service=service, kind="readiness").order_by("id")
    )
    assert len(versions) == 2
    assert all(v.author == admin[0] for v in versions)
    assert versions[0].data["answers"]["audience"]["answer"] == "doubt"
    assert versions[1].data["purposes"] == ["exchange", "isolation", "other"]
    latest = admin_client.get(base)
    assert latest.context["stop"] is False
    # The previous version stays readable.
    old = admin_client.get(base + f"?version={versions[0].pk}")
    assert old.context["version"] == versions[0]
    assert old.context["stop"] is True

    rows = sheet_rows(admin_client.get(f"/s/{service.slug}/planning/readiness.xlsx"))
    assert rows[0] == ["Statement", "Answer", "Explanations / details"]
    assert [r[1:] for r in rows[1:]] == [
        ["Yes", f"Because {key}"] for key in readiness.STATEMENT_KEYS
    ]
    assert rows[1][0] == str(readiness.STATEMENTS[0][1])
    purposes = sheet_rows(
        admin_client.get(f"/s/{service.slug}/planning/readiness.xlsx"), "Purposes"
    )
    assert ["Reducing social isolation", "Yes"] in purposes
    assert ["Other purpose", "Jobs board"] in purposes
    # The old version's export holds the old answers, a formula kept as text.
    old_rows = sheet_rows(
        admin_client.get(f"/s/{service.slug}/planning/readiness.xlsx?version={versions[0].pk}")
    )
    assert old_rows[2][1:] == ["Doubts? (get more information)", "'=Ask them"]


def test_an_unknown_answer_is_refused_with_a_message(admin_client, service):
    response = admin_client.post(
        f"/s/{service.slug}/planning/readiness/edit/", _readiness_post(purpose=("maybe", ""))
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not ChecklistVersion.objects.filter(service=service).exists()


def test_the_platform_checklist_shows_connected_platforms_first_and_exports(admin_client, service):
    make_channel(service, "sms_twilio")
    base = f"/s/{service.slug}/planning/platforms/"
    data = {f"rating_{key}": "somewhat" for key in platforms.FACTOR_KEYS}
    data.update(rating_basic_phones="very", rating_video="not")
    data.update(own_factor_0="Works in Tigrinya", own_rating_0="very", own_factor_1="")
    assert admin_client.post(base + "edit/", data).status_code == 302

    page = admin_client.get(base)
    assert [key for key, _n, _c in page.context["platforms"]][0] == "sms_twilio"
    html = page.content.decode()
    assert str(platforms.KEY_CRITERION) in html
    assert "Groups over 8 people on the WhatsApp API: no." in html

    rows = sheet_rows(admin_client.get(f"/s/{service.slug}/planning/platforms.xlsx"))
    assert rows[0][:3] == ["Factor", "Importance", "SMS (connected)"]
    factors = rows[1 : 1 + len(platforms.FACTORS)]
    assert [r[0] for r in factors] == [str(text) for _k, text in platforms.FACTORS]
    basic = factors[platforms.FACTOR_KEYS.index("basic_phones")]
    assert basic[1] == "Very important"
    assert basic[2].startswith("Yes")  # SMS works on basic phones
    assert basic[rows[0].index("Telegram")].startswith("No")
    assert factors[platforms.FACTOR_KEYS.index("video")][1] == "Not important"
    assert rows[1 + len(platforms.FACTORS)][:2] == ["Works in Tigrinya", "Very important"]
    version = ChecklistVersion.objects.get(service=service, kind="platform")
    assert version.data["own"] == [{"factor": "Works in Tigrinya", "rating": "very"}]


def test_every_factor_has_an_offer_for_every_platform():
    for key in platforms.FACTOR_KEYS:
        assert set(platforms.OFFERS[key]) == {p for p, _n in platforms.PLATFORMS}
        for value, _note in platforms.OFFERS[key].values():
            assert value in platforms.VALUES
    assert len(platforms.FACTORS) == 14

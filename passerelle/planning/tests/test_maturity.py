"""The digital maturity self-assessment: eight domains, a level each, notes, and the
history compared with the last assessment; exported as XLSX."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.planning import maturity, services
from passerelle.planning.models import MaturityAssessment
from passerelle.planning.tests.helpers import sheet_rows
from passerelle.testing.factories import make_service

pytestmark = pytest.mark.django_db


def _post(level, **notes):
    data = {f"level_{k}": str(level) for k in maturity.DOMAIN_KEYS}
    data.update({f"notes_{k}": v for k, v in notes.items()})
    return data


def test_assessments_are_kept_and_compared(admin_client, service, admin_role):
    services.maturity_assess(
        role=admin_role,
        scores={k: 1 for k in maturity.DOMAIN_KEYS},
        notes={},
        at=timezone.now() - timedelta(days=200),
    )
    base = f"/s/{service.slug}/planning/maturity/"
    data = _post(1, security="Two-factor for every admin")
    data["level_security"] = "3"
    assert admin_client.post(base + "assess/", data).status_code == 302
    page = admin_client.get(base)
    rows = {name: (level, change, notes) for name, level, _n, change, notes in page.context["rows"]}
    assert rows["Security and data protection"] == (3, 2, "Two-factor for every admin")
    assert rows["Leadership and strategy"][:2] == (1, 0)
    assert len(page.context["history"]) == 2

    # The organisation's, whichever of its services it is opened from.
    sibling = make_service(org=service.org)
    assert MaturityAssessment.objects.filter(org=service.org).count() == 2
    assert sibling.org_id == service.org_id

    sheet = sheet_rows(admin_client.get(f"/s/{service.slug}/planning/maturity.xlsx"))
    assert sheet[0] == ["Domain", "Level", "Phase", "Change since the last one", "Notes"]
    assert sheet[8] == [
        "Security and data protection",
        3,
        "Institutionalisation",
        2,
        "Two-factor for every admin",
    ]
    history = sheet_rows(admin_client.get(f"/s/{service.slug}/planning/maturity.xlsx"), "History")
    assert len(history) == 3


def test_a_missing_level_is_refused(admin_client, service):
    data = _post(2)
    del data["level_data"]
    response = admin_client.post(f"/s/{service.slug}/planning/maturity/assess/", data)
    assert response.status_code == 422
    assert not MaturityAssessment.objects.exists()

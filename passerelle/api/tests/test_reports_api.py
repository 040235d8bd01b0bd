"""The reports API serves the downloads' JSON, for report readers of that service only."""

from datetime import date

from passerelle.orgs.models import Role
from passerelle.reports.tests.helpers import local, member
from passerelle.testing.factories import make_service, make_staff


def test_viewer_reads_the_usage_report(client, service):
    member(service, joined=local(service, date(2024, 1, 3)))
    viewer, _role = make_staff(service, Role.VIEWER)
    client.force_login(viewer)
    url = f"/api/services/{service.slug}/reports/usage?from=2024-01-01&to=2024-02-29&by=month"
    data = client.get(url).json()
    assert data["schema"] == "passerelle.report/1"
    table = data["services"][0]["tables"][0]
    assert table["columns"] == ["2024-01", "2024-02"]
    assert {r["key"]: r["values"] for r in table["rows"]}["members_total"] == [1, 1]
    bad = client.get(url.replace("2024-01-01", "2024-05-01"))
    assert bad.status_code == 422 and "before it starts" in bad.json()["detail"][0]
    assert client.get(url.replace("usage", "nothing")).status_code == 404


def test_others_are_refused_and_the_schema_documents_it(client, service):
    partner, _role = make_staff(service, Role.PARTNER)
    client.force_login(partner)
    url = f"/api/services/{service.slug}/reports/usage?from=2024-01-01&to=2024-01-31"
    assert client.get(url).status_code == 404
    viewer, _role = make_staff(make_service(), Role.VIEWER)
    client.force_login(viewer)
    assert client.get(url).status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/services/{slug}/reports/{report}" in schema["paths"]
    assert "ReportOut" in schema["components"]["schemas"]

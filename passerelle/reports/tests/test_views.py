"""Report pages: who may read them, the dashboard, downloads, exports, settings."""

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from passerelle.orgs.models import Role
from passerelle.orgs.services import staff_add
from passerelle.reports.tests.helpers import local, member, say
from passerelle.testing.factories import login_verified, make_service, make_staff


@pytest.fixture
def viewer_client(client, service):
    user, _role = make_staff(service, Role.VIEWER)
    client.force_login(user)
    return client


def usage_url(service, **params):
    query = "&".join(
        f"{k}={v}"
        for k, v in {"start": "2024-01-01", "end": "2024-03-31", "by": "month", **params}.items()
    )
    return f"/s/{service.slug}/reports/usage/?{query}"


def seed(service):
    ali = member(service, joined=local(service, date(2024, 1, 3)))
    member(service, joined=local(service, date(2024, 2, 3)))
    say(service, ali, local(service, date(2024, 1, 4)), label="request")
    return ali


def test_a_viewer_lands_on_the_dashboard_and_sees_the_chart(viewer_client, service):
    seed(service)
    response = viewer_client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == f"/s/{service.slug}/reports/"
    body = response.content.decode()
    assert "<svg" in body and 'aria-describedby="table-activity-data"' in body
    assert 'id="table-activity-data"' in body
    assert 'data-kpi="members"' in body


def test_a_viewer_cannot_open_an_inbox_or_a_member(viewer_client, service):
    person = seed(service)
    assert viewer_client.get(f"/s/{service.slug}/inbox/").status_code == 404
    assert viewer_client.get(f"/s/{service.slug}/members/").status_code == 404
    assert viewer_client.get(f"/s/{service.slug}/members/{person.pk}/").status_code == 404
    body = viewer_client.get(f"/s/{service.slug}/reports/").content.decode()
    assert f"/s/{service.slug}/inbox/" not in body


def test_a_partner_and_other_services_get_nothing(client, service):
    partner, _role = make_staff(service, Role.PARTNER)
    client.force_login(partner)
    assert client.get(f"/s/{service.slug}/reports/").status_code == 404
    other = make_service()
    viewer, _role = make_staff(other, Role.VIEWER)
    client.force_login(viewer)
    assert client.get(f"/s/{service.slug}/reports/").status_code == 404
    assert client.get(usage_url(service, format="csv")).status_code == 404


def test_usage_page_csv_xlsx_json_hold_the_same_numbers(viewer_client, service):
    seed(service)
    page = viewer_client.get(usage_url(service)).content.decode()
    assert 'data-row="members_total"' in page
    response = viewer_client.get(usage_url(service, format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_key = {r[2]: r[4:] for r in rows[1:] if len(r) > 2}
    assert by_key["members_total"] == ["1", "2", "2"]
    assert by_key["members_new"] == ["1", "1", "0"]
    book = load_workbook(io.BytesIO(viewer_client.get(usage_url(service, format="xlsx")).content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[1:] == ["2024-01", "2024-02", "2024-03"]
    lines = {r[0].value: [c.value for c in r[1:]] for r in sheet.iter_rows(min_row=2) if r[0].value}
    assert lines["Total members at the end of the period"] == [1, 2, 2]
    assert lines["New members who joined"] == [1, 1, 0]
    assert sheet[1][0].font.bold
    assert "Definitions" in book.sheetnames
    data = json.loads(viewer_client.get(usage_url(service, format="json")).content)
    assert data["schema"] == "passerelle.report/1" and data["report"] == "usage"
    table = data["services"][0]["tables"][0]
    assert [p["key"] for p in table["periods"]] == ["2024-01", "2024-02", "2024-03"]
    assert {r["key"]: r["values"] for r in table["rows"]}["members_total"] == [1, 2, 2]


def test_a_broken_period_is_explained_not_a_crash(viewer_client, service):
    response = viewer_client.get(
        f"/s/{service.slug}/reports/usage/?start=2024-05-01&end=2024-01-01&by=month"
    )
    assert response.status_code == 400
    assert "before it starts" in response.content.decode()
    response = viewer_client.get(f"/s/{service.slug}/reports/usage/?start=nope&end=&by=week")
    assert response.status_code == 400
    assert viewer_client.get(f"/s/{service.slug}/reports/nothing/").status_code == 404


def test_a_long_export_is_prepared_in_the_background(
    viewer_client, service, django_capture_on_commit_callbacks
):
    seed(service)
    # 24 monthly columns: more than a page builds while it waits.
    with django_capture_on_commit_callbacks(execute=True):
        response = viewer_client.get(
            f"/s/{service.slug}/reports/activity/"
            "?start=2023-01-01&end=2024-12-31&by=month&format=xlsx"
        )
    assert response.status_code == 302
    status_url = response["Location"]
    status = viewer_client.get(status_url).content.decode()  # the immediate backend ran it
    assert "Your file is ready." in status
    download = viewer_client.get(status_url + "download/")
    book = load_workbook(io.BytesIO(download.content))
    assert book.worksheets[0].max_column == 1 + 24 + 1
    other, _role = make_staff(service, Role.VIEWER)
    viewer_client.force_login(other)
    assert viewer_client.get(status_url).status_code == 404  # someone else's file


def test_coalition_services_side_by_side(client, service, django_capture_on_commit_callbacks):
    sister = make_service(org=service.org)
    user, _role = make_staff(service, Role.VIEWER)
    staff_add(email=user.email, service=sister, role=Role.VIEWER)
    member(sister, joined=local(sister, date(2024, 1, 5)))
    seed(service)
    client.force_login(user)
    page = client.get(usage_url(service, compare=sister.slug)).content.decode()
    assert sister.name in page and service.name in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(usage_url(service, compare=sister.slug, format="json"))
    data = json.loads(client.get(response["Location"] + "download/").content)
    assert [s["slug"] for s in data["services"]] == [service.slug, sister.slug]
    stranger = make_service()
    # A service the user has no role in is not a choice: refused, and never named.
    refused = client.get(usage_url(service, compare=stranger.slug))
    assert refused.status_code == 400 and stranger.name not in refused.content.decode()


def test_admin_sets_the_small_numbers_threshold(client, service):
    admin, _role = make_staff(service, Role.ADMIN)
    login_verified(client, admin)
    response = client.post(
        f"/s/{service.slug}/reports/settings/", {"small_number_threshold": "10"}, follow=True
    )
    assert "Report settings saved." in response.content.decode()
    response = client.post(
        f"/s/{service.slug}/reports/settings/", {"small_number_threshold": "x"}, follow=True
    )
    assert "Enter a number." in response.content.decode()
    viewer, _role = make_staff(service, Role.VIEWER)
    client.force_login(viewer)
    assert client.get(f"/s/{service.slug}/reports/settings/").status_code == 404


@pytest.mark.parametrize(
    "language, heading, line",
    [
        ("fr", "Où en est le service", "Nombre total de membres à la fin de la période"),
        ("ar", "كيف تسير الخدمة", "إجمالي الأعضاء في نهاية الفترة"),
        ("fr", "Où en est le service", "<h1>Statistiques d&#x27;utilisation</h1>"),
        ("ar", "كيف تسير الخدمة", "<h1>إحصاءات الاستخدام</h1>"),
    ],
)
def test_reports_speak_french_and_arabic(viewer_client, service, language, heading, line):
    from django.conf import settings

    viewer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert heading in viewer_client.get(f"/s/{service.slug}/reports/").content.decode()
    page = viewer_client.get(usage_url(service)).content.decode()
    assert line in page and f'lang="{language}"' in page
    bad = viewer_client.get(
        f"/s/{service.slug}/reports/usage/?start=2024-05-01&end=2024-01-01&by=month"
    )
    assert "2024-05-01" in bad.content.decode() and "before it starts" not in bad.content.decode()


def test_a_partner_name_is_never_a_formula(viewer_client, service):
    from passerelle.referrals.models import Partner, Referral

    person = seed(service)
    partner = Partner.objects.create(org=service.org, name='=HYPERLINK("http://x")')
    Referral.objects.create(
        org=service.org,
        service=service,
        member=person,
        partner=partner,
        created_at=local(service, date(2024, 1, 5)),
    )
    url = usage_url(service).replace("/usage/", "/referrals/")
    rows = viewer_client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in rows
    book = load_workbook(io.BytesIO(viewer_client.get(url + "&format=xlsx").content))
    cells = [c for r in book.worksheets[0].iter_rows() for c in r if c.value]
    assert all(c.data_type != "f" for c in cells)
    assert any(str(c.value).startswith("=HYPERLINK") for c in cells)


def test_prepared_files_are_deleted_after_a_day(viewer_client, service):
    from datetime import timedelta

    from django.utils import timezone

    from passerelle.reports.models import ReportExport
    from passerelle.reports.services import exports_prune

    role = service.staff_roles.get(role=Role.VIEWER)
    now = timezone.now()
    for age in (timedelta(hours=2), timedelta(days=2)):
        ReportExport.objects.create(
            org=service.org, service=service, requested_by=role.user, created_at=now - age
        )
    assert exports_prune(now) == 1
    assert ReportExport.objects.count() == 1

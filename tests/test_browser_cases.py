"""A caseworker opens the caseload, the client file, writes a note and logs a call; the
caseload and the file fit a 390 px phone in Arabic, right to left."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.cases.enrolment import client_enrol
from passerelle.cases.models import CallLog, CaseNote
from passerelle.communities.services import membership_ensure
from passerelle.orgs.models import Role, Service
from passerelle.questions.tests.helpers import make_member
from passerelle.testing.factories import make_channel, make_service, make_staff
from tests.staff_walk import logged_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "postgresql",
        reason="rendering does not depend on the database: the SQLite pass runs it",
    ),
]

WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def _calgary():
    service = make_service("calgary-browser", languages=("ar", "en"))
    Service.objects.filter(pk=service.pk).update(mode=Service.Mode.ONE_TO_ONE)
    service.refresh_from_db()
    make_channel(service, "simulator")
    user, role = make_staff(
        service, Role.MODERATOR, email="worker@example.org", password="s3cret-pass"
    )
    member = make_member(service, name="أميرة الحسن", language="ar")
    membership_ensure(service=service, member=member)
    file = client_enrol(
        role=role,
        member=member,
        emergency_contacts="عمر (أخ) 403-555-0100",
        preferred_times="صباح أيام الأسبوع",
    )
    return service, user, file


def test_a_caseworker_writes_a_note_and_logs_a_call(live_server, page):
    service, _user, file = _calgary()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("worker@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/")
    page.get_by_role("navigation", name="Service").get_by_role("link", name="Caseload").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    expect(page.get_by_role("link", name="My clients 1")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="أميرة الحسن").click()
    expect(page.get_by_role("heading", name="أميرة الحسن")).to_be_visible()
    expect(page.locator("#h-emergency + p")).to_contain_text("403-555-0100")

    page.get_by_role("textbox", name="Case note").fill("Worried about the lease; call on Monday.")
    page.get_by_role("button", name="Save the note").click()
    expect(page.locator(".note")).to_contain_text("Worried about the lease")

    when = timezone.localtime(timezone.now() - timedelta(hours=2), service.tz)
    calls = page.get_by_role("region", name="Calls")
    calls.get_by_label("Call:", exact=True).select_option("video")
    calls.get_by_label("When").fill(when.strftime("%Y-%m-%dT%H:%M"))
    calls.get_by_label("Duration (minutes)").fill("20")
    calls.get_by_label("Summary").fill("Read the lease together")
    page.get_by_role("button", name="Log the call").click()
    expect(page.locator(".call")).to_contain_text("Read the lease together")
    expect(page.locator(".qhistory")).to_contain_text("Call logged")
    assert CaseNote.objects.get().file == file
    call = CallLog.objects.get()
    assert (call.kind, call.duration_minutes) == ("video", 20)


def test_the_caseload_and_the_file_fit_a_phone_in_arabic(live_server, browser):
    service, user, file = _calgary()
    client = Client()
    client.force_login(user)
    context = logged_in_context(browser, live_server, client, "ar", 390)
    page = context.new_page()
    for path in (f"/s/{service.slug}/cases/", f"/s/{service.slug}/cases/{file.pk}/"):
        page.goto(live_server.url + path, wait_until="domcontentloaded")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        scroll, inner = page.evaluate(WIDTH)
        assert scroll <= inner, (path, scroll, inner)
    expect(page.get_by_role("heading", name="أميرة الحسن")).to_be_visible()
    context.close()

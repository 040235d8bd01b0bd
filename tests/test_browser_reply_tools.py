"""Under the reply box: the live SMS segment counter, and WhatsApp templates when the
24-hour window is closed — in a real browser."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.conversations.models import Message, Thread
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_service, make_staff
from passerelle.testing.fakeplatforms import FakeGraph, FakeTwilio
from passerelle.testing.fakeplatforms.fixtures import GRAPH_TOKEN
from passerelle.testing.platforms import fixture, make_sms, make_whatsapp, post_meta, post_twilio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()


def test_sms_counter_and_whatsapp_template_picker(live_server, page):
    service = make_service("reply-tools")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    with FakeTwilio() as twilio, FakeGraph(access_token=GRAPH_TOKEN) as graph:
        sms = make_sms(service, twilio)
        whatsapp = make_whatsapp(service, graph)
        post_twilio(Client(), sms, fixture("sms_twilio", "inbound_sms"))
        post_meta(Client(), whatsapp, fixture("whatsapp", "text"))  # written on 2025-10-14
        WhatsAppTemplate.objects.create(
            org=service.org,
            channel=whatsapp,
            name="case_follow_up",
            language="fr",
            body="Bonjour {{1}}, avez-vous pu joindre la clinique ?",
        )
        sms_thread = Message.objects.get(channel=sms).thread
        wa_thread = Message.objects.get(channel=whatsapp).thread
        Message.objects.filter(thread=wa_thread).update(
            created_at=timezone.now() - timedelta(days=3)
        )
        _login(page, live_server)

        page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={sms_thread.pk}")
        counter = page.locator(".sms-segments")
        page.get_by_label("Reply privately").fill("Bonjour, oui")
        expect(counter).to_contain_text("1 SMS segment")
        expect(counter).to_contain_text("GSM-7")
        page.get_by_label("Reply privately").fill("ب" * 71)
        expect(counter).to_contain_text("2 SMS segments")
        expect(counter).to_contain_text("UCS-2")

        page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={wa_thread.pk}")
        expect(page.locator(".wa-tools")).to_contain_text("24-hour window closed")
        page.get_by_label("Parameter 1").fill("Amira")
        page.get_by_role("button", name="Send this template").click()
        expect(page.locator(".wa-tools")).to_contain_text("case_follow_up” sent")
        expect(page.locator("li.msg.out", has_text="Bonjour Amira")).to_have_count(1)
        (sent,) = graph.whatsapp_sends()
        assert sent.json["template"]["name"] == "case_follow_up"
    assert Thread.objects.filter(kind="private").count() == 2

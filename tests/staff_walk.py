"""Shared by the browser walks over the staff pages: a signed-in administrator of the demo
service and a browser context that carries their session and a language."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelle.demo.seed import ADMIN_EMAIL


def admin_client(service):
    """A client signed in as the demo's administrator, second factor verified."""
    admin = service.staff_roles.get(user__email=ADMIN_EMAIL).user
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = Client()
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def logged_in_context(browser, live_server, client, language, width, **options):
    """A context signed in as ``client``'s user, in ``language``, ``width`` px wide."""
    session = client.cookies["sessionid"].value
    context = browser.new_context(viewport={"width": width, "height": 844}, **options)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {"name": "sessionid", "value": session, "domain": host, "path": "/"},
            {"name": "django_language", "value": language, "domain": host, "path": "/"},
        ]
    )
    return context

"""Transport hardening: on by default when the public address is https, a
Content-Security-Policy on every page, and API docs for signed-in staff only."""

import json
import os
import subprocess
import sys

import pytest

from passerelle.testing.factories import make_channel

PRODUCTION = {  # what docs/operations.md tells an operator to set
    "PASSERELLE_SECRET_KEY": "k" * 20 + "production-like-secret-key-0123456789",
    "PASSERELLE_ALLOWED_HOSTS": "chat.example.org",
    "PASSERELLE_PUBLIC_URL": "https://chat.example.org",
    "PASSERELLE_CSRF_TRUSTED_ORIGINS": "https://chat.example.org",
    "PASSERELLE_BEHIND_PROXY": "true",
    "PASSERELLE_HSTS_PRELOAD": "true",
}
NAMES = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
]


def _clean_env() -> dict:
    # Nothing of the test run's own set-up (a browser test sets DJANGO_ALLOW_ASYNC_UNSAFE).
    return {k: v for k, v in os.environ.items() if not k.startswith(("PASSERELLE_", "DJANGO_"))}


def _settings_with(env: dict, tmp_path) -> dict:
    code = (
        "import json, passerelle.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    )
    clean = _clean_env()
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "PASSERELLE_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_https_public_address_turns_transport_hardening_on(tmp_path):
    on = _settings_with(PRODUCTION, tmp_path)
    assert on["SESSION_COOKIE_SECURE"] and on["CSRF_COOKIE_SECURE"] and on["SECURE_SSL_REDIRECT"]
    assert on["SECURE_HSTS_SECONDS"] >= 31536000
    assert on["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    off = _settings_with({"PASSERELLE_PUBLIC_URL": "http://127.0.0.1:8000"}, tmp_path)
    assert off == {
        **{n: False for n in NAMES},
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
    }


@pytest.mark.timeout_sensitive
def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    clean = _clean_env()
    result = subprocess.run(
        [sys.executable, "-m", "passerelle", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, "PASSERELLE_DATA_DIR": str(tmp_path), **PRODUCTION},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def behind_tls_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000


def test_behind_the_proxy_http_is_redirected_and_cookies_are_secure(
    client, service, moderator, behind_tls_proxy
):
    assert client.get("/login/")["Location"] == "https://testserver/login/"
    https = {"headers": {"X-Forwarded-Proto": "https"}}
    page = client.get("/login/", **https)
    assert page.status_code == 200 and "max-age=31536000" in page["Strict-Transport-Security"]
    assert page.cookies["csrftoken"]["secure"]
    moderator.set_password("correct-horse-battery")
    moderator.save()
    client.post(
        "/login/",
        {"username": moderator.username, "password": "correct-horse-battery"},
        **https,
    )
    assert client.cookies["sessionid"]["secure"] and client.cookies["sessionid"]["httponly"]
    chat = make_channel(service, "webchat")
    visitor = client.get(f"/chat/{chat.uuid}/", **https).cookies[f"passerelle_webchat_{chat.pk}"]
    assert visitor["secure"] and visitor["httponly"]


@pytest.mark.parametrize("path", ["/login/", "/chat/{uuid}/", "/admin/login/", "/s/{slug}/inbox/"])
def test_every_page_has_a_policy_that_allows_no_inline_script(moderator_client, service, path):
    chat = make_channel(service, "webchat")
    response = moderator_client.get(path.format(uuid=chat.uuid, slug=service.slug))
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_api_docs_and_schema_need_a_sign_in(moderator_client):
    from django.test import Client

    for path in ("/api/docs", "/api/openapi.json"):
        anonymous = Client().get(path)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    assert moderator_client.get("/api/docs").status_code == 200
    assert moderator_client.get("/api/openapi.json").json()["info"]["title"] == "Passerelle API"


def test_with_secure_cookies_on_even_an_undeclared_proxy_gets_secure_cookies(
    client, service, settings
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    chat = make_channel(service, "webchat")
    response = client.get(f"/chat/{chat.uuid}/")  # plain http as far as Django knows
    assert response.cookies[f"passerelle_webchat_{chat.pk}"]["secure"]

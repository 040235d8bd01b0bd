"""Provisioning without the UI: the `passerelle` commands."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from passerelle.channels.models import Channel
from passerelle.conversations.models import Thread
from passerelle.orgs.models import Service, StaffRole


def _call(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_service_create_staff_add_channel_add():
    out = _call(
        "service",
        "create",
        "--slug",
        "pifi",
        "--name",
        "PIFI",
        "--language",
        "fr",
        "--language",
        "en",
        "--timezone",
        "America/Toronto",
    )
    assert "created service pifi" in out
    service = Service.objects.get(slug="pifi")
    assert service.languages == ["fr", "en"] and service.timezone == "America/Toronto"
    assert Thread.objects.filter(service=service, kind="group").count() == 1

    out = _call("staff", "add", "Admin@Example.org", "--service", "pifi", "--role", "admin")
    assert "admin@example.org is admin of pifi" in out and "password:" in out
    role = StaffRole.objects.get(user__username="admin@example.org")
    assert role.role == "admin" and role.org == service.org

    out = _call("staff", "add", "admin@example.org", "--service", "pifi", "--role", "viewer")
    assert "password:" not in out  # an existing account keeps its password
    assert StaffRole.objects.get(user__username="admin@example.org").role == "viewer"

    out = _call("channel", "add", "webchat", "--service", "pifi")
    channel = Channel.objects.get(service=service)
    assert f"/webhooks/{channel.uuid}/" in out and channel.secrets["signing_secret"]


@pytest.mark.django_db
def test_clear_errors_for_bad_input():
    with pytest.raises(CommandError, match="Unknown time zone"):
        _call("service", "create", "--slug", "x", "--name", "X", "--timezone", "Mars/Base")
    with pytest.raises(CommandError, match="no service with slug"):
        _call("staff", "add", "a@example.org", "--service", "nope")
    _call("service", "create", "--slug", "x", "--name", "X")
    with pytest.raises(CommandError, match="already exists"):
        _call("service", "create", "--slug", "x", "--name", "X")


def test_console_command_passes_django_commands_through(tmp_path):
    env = {"PASSERELLE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "passerelle", "help", "service"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and "create" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "passerelle", "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr

"""`passerelle member export|erase` refuse what they cannot do, clearly."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from passerelle.communities.services import membership_ensure
from passerelle.members.models import Member
from passerelle.members.services import member_for_identity
from passerelle.testing.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    service = make_service("cli-privacy")
    person, _created = member_for_identity(
        org=service.org, platform="tel", address="+16135550123", name="Omar"
    )
    membership_ensure(service=service, member=person)
    return person


def test_unknown_service_or_member_is_a_clear_error(member, tmp_path):
    out = str(tmp_path / "x.zip")
    with pytest.raises(CommandError, match="no service"):
        call_command("member", "export", "--service", "nope", "--member", "1", "--out", out)
    with pytest.raises(CommandError, match="no member #999"):
        call_command(
            "member", "export", "--service", "cli-privacy", "--member", "999", "--out", out
        )
    other = make_service("cli-other")
    with pytest.raises(CommandError, match="no member"):  # another organization's member
        call_command(
            "member", "export", "--service", other.slug, "--member", str(member.pk), "--out", out
        )


def test_erase_without_yes_and_without_a_terminal_erases_nothing(member, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    args = ["member", "erase", "--service", "cli-privacy", "--member", str(member.pk)]
    with pytest.raises(CommandError, match="--yes"):
        call_command(*args, "--reason", "asked")
    assert Member.objects.get(pk=member.pk).erased_at is None
    with pytest.raises(CommandError, match="Say why"):
        call_command(*args, "--reason", "  ", "--yes")
    call_command(*args, "--reason", "asked", "--yes")
    with pytest.raises(CommandError, match="already erased"):
        call_command(*args, "--reason", "asked", "--yes")


def test_erase_asks_on_a_terminal(member, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    args = ["member", "erase", "--service", "cli-privacy", "--member", str(member.pk)]
    with pytest.raises(CommandError, match="not confirmed"):
        call_command(*args, "--reason", "asked")
    monkeypatch.setattr("builtins.input", lambda prompt: "ERASE")
    call_command(*args, "--reason", "asked")
    assert Member.objects.get(pk=member.pk).erased_at is not None


def test_the_passerelle_command_has_the_member_command(tmp_path):
    env = {"PASSERELLE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "passerelle", "member", "erase", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and "--reason" in result.stdout and "--yes" in result.stdout

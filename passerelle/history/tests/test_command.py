"""`passerelle import whatsapp|telegram FILE --service SLUG`, end to end."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from passerelle.communities.models import MembershipEvent
from passerelle.conversations.models import Message
from passerelle.history.tests.samples import (
    ANDROID_GROUP,
    telegram_bytes,
    telegram_group,
    text,
    zipped,
)


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_whatsapp_export_imports_and_says_what_it_did(service, tmp_path):
    path = tmp_path / "WhatsApp Chat with Ottawa newcomers.txt"
    path.write_text("Exported by someone\n" + ANDROID_GROUP + "13/45/17, 9:00 AM - A: x\n")
    out, err = _run("whatsapp", str(path), "--service", service.slug)
    assert err.strip().endswith("12 / 12 records")
    assert "messages added:     6 (0 already there)" in out
    assert "members added:      5" in out
    assert "membership events:  7 (0 already there)" in out
    assert "skipped:            2" in out
    assert "line 1: text before the first dated line" in out and "line 17:" in out
    out, _err = _run("whatsapp", str(path), "--service", service.slug)
    assert "messages added:     0 (6 already there)" in out
    assert Message.objects.count() == 6 and MembershipEvent.objects.count() == 7


def test_an_ambiguous_file_asks_for_the_date_order_then_takes_it(service, tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(text("01/02/2018, 10:00 - Amira: a", "03/04/2018, 10:00 - Bilal: b"))
    with pytest.raises(CommandError, match="--date-order"):
        _run("whatsapp", str(path), "--service", service.slug)
    out, _err = _run("whatsapp", str(path), "--service", service.slug, "--date-order", "dmy")
    assert "dates dmy" in out
    first = Message.objects.order_by("created_at").first()
    assert first.created_at.astimezone(service.tz).strftime("%m-%d") == "02-01"


def test_times_are_read_in_the_given_time_zone(service, tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(text("31/12/2017, 21:05 - Amira: Hello"))
    _run("whatsapp", str(path), "--service", service.slug, "--timezone", "Asia/Amman")
    assert Message.objects.get().created_at.isoformat() == "2017-12-31T19:05:00+00:00"


def test_the_zip_whatsapp_writes_imports_its_text_and_counts_its_media(service, tmp_path):
    path = tmp_path / "WhatsApp Chat.zip"
    path.write_bytes(zipped({"_chat.txt": ANDROID_GROUP, "IMG-1.jpg": b"x", "PTT-2.opus": b"y"}))
    out, _err = _run("whatsapp", str(path), "--service", service.slug)
    assert "media files:        2 (counted, not imported)" in out
    assert Message.objects.count() == 6


def test_a_telegram_export_imports(service, tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes(telegram_bytes(telegram_group()))
    out, _err = _run("telegram", str(path), "--service", service.slug)
    assert "messages added:     4" in out and "message 10: no date" in out
    assert Message.objects.filter(reply_to__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--service", "nope"], "no service"),
        (["--timezone", "Mars/Olympus"], "unknown time zone"),
    ],
)
def test_bad_arguments_are_refused_clearly(service, tmp_path, args, error):
    path = tmp_path / "chat.txt"
    path.write_text(ANDROID_GROUP)
    args = ["--service", service.slug, *args] if args[0] != "--service" else args
    with pytest.raises(CommandError, match=error):
        _run("whatsapp", str(path), *args)


def test_a_missing_or_unreadable_file_is_refused(service, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _run("whatsapp", str(tmp_path / "none.txt"), "--service", service.slug)
    path = tmp_path / "result.json"
    path.write_text("[1, 2]")
    with pytest.raises(CommandError, match="not a Telegram export"):
        _run("telegram", str(path), "--service", service.slug)

"""Retention per service: raw bodies and call logs after 30 days, media links after a year,
message texts only when the service says so; swept by the scheduler in bounded batches."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.channels.models import ChannelLog, OutboundMessage, RawEvent
from passerelle.channels.types.base import InboundEvent
from passerelle.common.scheduler import run_jobs_once
from passerelle.conversations.models import Message, Redaction
from passerelle.conversations.services import message_receive, message_send
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.privacy import retention
from passerelle.privacy.models import RetentionPolicy
from passerelle.privacy.retention import retention_for, retention_sweep
from passerelle.testing.factories import login_verified, make_channel, make_service, make_staff

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def setup():
    service = make_service("retention")
    channel = make_channel(service, "webchat")
    member, _created = member_for_identity(
        org=service.org, platform="webchat", address="visitor-0001", name="Visitor"
    )
    return service, channel, member


def _raw(channel, n, *, processed_days_ago):
    now = timezone.now()
    processed = now - processed_days_ago * DAY if processed_days_ago is not None else None
    return RawEvent.objects.create(
        org_id=channel.org_id,
        channel=channel,
        external_id=f"e-{n}",
        body="{}",
        received_at=(processed or now) - timedelta(seconds=1),
        processed_at=processed,
    )


def _log(channel, days_ago):
    log = ChannelLog.objects.create(org_id=channel.org_id, channel=channel, action="send")
    ChannelLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - days_ago * DAY)
    return log


def _received(channel, member, days_ago, text="hello", media=None):
    event = InboundEvent(
        kind="message",
        sender_address="visitor-0001",
        text=text,
        media_kind="photo" if media else "text",
        extra={"file_id": media} if media else {},
    )
    return message_receive(
        channel=channel, member=member, event=event, at=timezone.now() - days_ago * DAY
    )


def test_defaults_then_each_kind_goes_after_its_time(setup):
    service, channel, member = setup
    policy = retention_for(service)
    assert (policy.raw_event_days, policy.channel_log_days, policy.media_days) == (30, 30, 365)
    assert policy.message_days is None  # messages are kept unless the service says so

    _raw(channel, 1, processed_days_ago=31)
    new_raw = _raw(channel, 2, processed_days_ago=29)
    waiting = _raw(channel, 3, processed_days_ago=None)
    RawEvent.objects.filter(pk=waiting.pk).update(received_at=timezone.now() - 60 * DAY)
    _log(channel, 31)
    new_log = _log(channel, 29)
    old_photo = _received(channel, member, 400, media="file-old")
    new_photo = _received(channel, member, 300, media="file-new")
    old_text = _received(channel, member, 4000, text="an old question")

    assert retention_sweep() >= 3
    assert set(RawEvent.objects.values_list("pk", flat=True)) == {new_raw.pk, waiting.pk}
    assert set(ChannelLog.objects.values_list("pk", flat=True)) == {new_log.pk}
    old_photo.refresh_from_db(), new_photo.refresh_from_db(), old_text.refresh_from_db()
    assert "media" not in old_photo.extra and old_photo.media_kind == "photo"
    assert new_photo.extra["media"]["file_id"] == "file-new"
    assert old_text.text == "an old question" and not old_text.redacted


def test_message_retention_leaves_placeholders_and_blanks_the_sends(setup):
    service, channel, member = setup
    _user, admin = make_staff(service, Role.ADMIN)
    retention.retention_update(role=admin, message_days=90)
    old = _received(channel, member, 100, text="my story")
    recent = _received(channel, member, 10, text="still here")
    reply = message_send(
        thread=old.thread, text="an answer about my story", at=timezone.now() - 95 * DAY
    )
    OutboundMessage.objects.update(created_at=timezone.now() - 95 * DAY)
    retention_sweep()
    old.refresh_from_db(), recent.refresh_from_db(), reply.refresh_from_db()
    assert (old.text, old.redacted) == ("", Redaction.RETENTION)
    assert (reply.text, reply.redacted) == ("", Redaction.RETENTION)
    assert recent.text == "still here"
    assert set(OutboundMessage.objects.values_list("text", flat=True)) == {""}
    assert Message.objects.count() == 3  # the rows stay: counts and threads are whole


def test_batches_are_bounded_and_a_service_is_claimed_once_per_interval(setup, monkeypatch):
    service, channel, _member = setup
    monkeypatch.setattr(retention, "BATCH", 2)
    for n in range(5):
        _raw(channel, n, processed_days_ago=40)
    assert retention_sweep() == 2  # one batch per kind per tick
    assert RawEvent.objects.count() == 3
    # More was waiting, so the service is not held back by the interval.
    assert retention_sweep() == 2 and retention_sweep() == 1
    assert RawEvent.objects.count() == 0
    # Done: the next ticks within the interval leave the service alone.
    _raw(channel, 9, processed_days_ago=40)
    assert retention_sweep() == 0 and RawEvent.objects.count() == 1
    RetentionPolicy.objects.update(swept_at=timezone.now() - timedelta(minutes=11))
    assert retention_sweep() == 1


def test_the_scheduler_runs_the_sweep(setup):
    _service, channel, _member = setup
    _raw(channel, 1, processed_days_ago=31)
    results = run_jobs_once()
    assert results["passerelle.privacy.retention.retention_sweep"] == 1
    assert not RawEvent.objects.exists()


def test_admins_set_retention_and_others_cannot(client, setup):
    service = setup[0]
    url = f"/s/{service.slug}/privacy/"
    moderator, _role = make_staff(service, Role.MODERATOR)
    login_verified(client, moderator)
    assert client.get(url).status_code == 404
    admin, _role = make_staff(service, Role.ADMIN)
    login_verified(client, admin)
    page = client.get(url).content.decode()
    assert 'value="30"' in page and 'value="365"' in page
    fields = {"raw_event_days": 14, "channel_log_days": 7, "media_days": 180, "message_days": 730}
    assert client.post(url, fields).status_code == 302
    policy = RetentionPolicy.objects.get(service=service)
    assert (policy.raw_event_days, policy.message_days, policy.updated_by) == (14, 730, admin)
    bad = client.post(url, {**fields, "media_days": 0})
    assert bad.status_code == 200 and RetentionPolicy.objects.get().media_days == 180

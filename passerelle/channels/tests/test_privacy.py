"""The pipeline forgets a person by address (and by the ids of their messages), and prunes
its own rows by age in bounded batches — given plain values, never a domain object."""

import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from passerelle.channels.models import (
    ChannelLog,
    ContactStatus,
    OutboundMessage,
    PlatformAction,
    RateBucket,
    RawEvent,
)
from passerelle.channels.privacy import addresses_erase, raw_events_prune
from passerelle.channels.services import channel_create
from passerelle.testing.factories import make_channel, make_service
from passerelle.testing.platforms import fixture

pytestmark = pytest.mark.django_db

PHONE, OTHER = "+16135550142", "+16135550157"


def _sms(service):
    return channel_create(
        service=service,
        type_slug="sms_twilio",
        name="SMS",
        secrets={"auth_token": "t"},
        config={"account_sid": "AC1", "from_number": "+16135550100"},
    )


def _raw(channel, external_id, body, processed=True):
    now = timezone.now()
    return RawEvent.objects.create(
        org_id=channel.org_id,
        channel=channel,
        external_id=external_id,
        body=body,
        received_at=now,
        processed_at=now if processed else None,
    )


def _send(channel, recipient, text, source_id, state="sent"):
    return OutboundMessage.objects.create(
        org_id=channel.org_id,
        channel=channel,
        source_id=source_id,
        recipient=recipient,
        text=text,
        state=state,
        platform_message_id=f"SM{source_id}",
        media={"kind": "photo", "url": "https://example.org/p.jpg"},
    )


def test_an_sms_number_is_forgotten_in_every_pipeline_table():
    service = make_service()
    sms = _sms(service)
    _raw(sms, "SM1", urlencode({**fixture("sms_twilio", "inbound_sms"), "From": PHONE}))
    _raw(sms, "SM2", urlencode({"From": PHONE, "Body": "hi"}), processed=False)
    theirs = _raw(sms, "SM3", urlencode(fixture("sms_twilio", "inbound_sms")))  # OTHER's
    sent = _send(sms, PHONE, "Your appointment is at 9", source_id=101)
    queued = _send(sms, PHONE, "Reminder", source_id=102, state="queued")
    other_send = _send(sms, OTHER, "Hello", source_id=103)
    ChannelLog.objects.create(
        org_id=sms.org_id, channel=sms, action="send", request=f"To={PHONE[1:]}&Body=x"
    )
    ChannelLog.objects.create(
        org_id=sms.org_id, channel=sms, action="send", outbound=sent, request="(redacted)"
    )
    unrelated = ChannelLog.objects.create(
        org_id=sms.org_id, channel=sms, action="send", request=f"To={OTHER}"
    )
    ContactStatus.objects.create(org_id=sms.org_id, channel=sms, address=PHONE, opt_out_word="STOP")
    ContactStatus.objects.create(org_id=sms.org_id, channel=sms, address=OTHER)
    RateBucket.objects.create(key=f"sms:pair:+16135550100:{PHONE}")
    action = PlatformAction.objects.create(
        org_id=sms.org_id, channel=sms, action="ban", params={"user": PHONE}, dedupe_key="b1"
    )

    counts = addresses_erase(org_id=service.org_id, addresses=[("tel", PHONE)], source_ids=[])

    # Bodies from or about the number go, even one not processed yet; others' stay.
    assert set(RawEvent.objects.values_list("pk", flat=True)) == {theirs.pk}
    assert set(ChannelLog.objects.values_list("pk", flat=True)) == {unrelated.pk}
    sent.refresh_from_db(), queued.refresh_from_db(), other_send.refresh_from_db()
    for row in (sent, queued):
        assert row.recipient.startswith("erased-") and row.text == "" and row.media is None
        assert row.platform_message_id == ""
    assert sent.recipient == queued.recipient  # one random placeholder per address
    assert sent.state == "sent" and queued.state == "failed" and "erased" in queued.error
    assert other_send.text == "Hello" and other_send.recipient == OTHER
    assert list(ContactStatus.objects.values_list("address", flat=True)) == [OTHER]
    assert not RateBucket.objects.exists()
    action.refresh_from_db()
    assert action.params == {} and action.state == "failed"
    assert counts["raw_events"] == 2 and counts["contacts"] == 1


def test_copies_of_their_messages_lose_their_text_and_renamed_ones_are_rewritten():
    service = make_service()
    webchat = make_channel(service, "webchat")
    fanout = _send(webchat, "visitor-other-1", "my private story", source_id=201)
    answer = _send(webchat, "group", "Zaynab, the clinic is open", source_id=202, state="queued")
    log = ChannelLog.objects.create(
        org_id=webchat.org_id, channel=webchat, action="send", outbound=answer
    )
    addresses_erase(
        org_id=service.org_id,
        addresses=[],
        source_ids=[201],
        rewritten={202: "[…], the clinic is open"},
    )
    fanout.refresh_from_db(), answer.refresh_from_db()
    assert fanout.text == "" and fanout.recipient == "visitor-other-1"
    assert answer.text == "[…], the clinic is open" and answer.state == "queued"  # still goes
    assert not ChannelLog.objects.filter(pk=log.pk).exists()


def test_a_short_address_is_matched_by_the_sender_not_by_its_letters():
    service = make_service()
    webchat = make_channel(service, "webchat")

    def envelope(sender, text, event_id):
        return json.dumps(
            {
                "event_id": event_id,
                "type": "message",
                "chat": "group",
                "text": text,
                "sender": {"id": sender, "name": "N"},
            }
        )

    from_them = _raw(webchat, "wc-ab12-1", envelope("ab12", "hello", "wc-ab12-1"))
    mentions_letters = _raw(webchat, "wc-zz99-1", envelope("zz99", "my code ab12", "wc-zz99-1"))
    addresses_erase(org_id=service.org_id, addresses=[("webchat", "ab12")])
    assert not RawEvent.objects.filter(pk=from_them.pk).exists()
    assert RawEvent.objects.filter(pk=mentions_letters.pk).exists()


def test_another_organizations_rows_are_untouched():
    ours, theirs = make_service(), make_service()
    their_sms = _sms(theirs)
    _sms(ours)
    kept = _raw(their_sms, "SM9", urlencode({"From": PHONE, "Body": "hi"}))
    addresses_erase(org_id=ours.org_id, addresses=[("tel", PHONE)])
    assert RawEvent.objects.filter(pk=kept.pk).exists()


def test_prune_deletes_processed_bodies_in_bounded_batches():
    service = make_service()
    channel = make_channel(service, "webchat")
    old = timezone.now() - timedelta(days=40)
    for n in range(3):
        _raw(channel, f"e{n}", "{}")
    RawEvent.objects.update(received_at=old, processed_at=old)
    _raw(channel, "waiting", "{}", processed=False)
    RawEvent.objects.filter(external_id="waiting").update(received_at=old)
    cutoff = timezone.now() - timedelta(days=30)
    assert raw_events_prune(channel_ids=[channel.pk], processed_before=cutoff, limit=2) == 2
    assert raw_events_prune(channel_ids=[channel.pk], processed_before=cutoff, limit=2) == 1
    assert raw_events_prune(channel_ids=[channel.pk], processed_before=cutoff, limit=2) == 0
    assert list(RawEvent.objects.values_list("external_id", flat=True)) == ["waiting"]

"""Twilio SMS webhooks: Twilio's own signature over the public URL, TwiML answers, dedupe,
status callbacks, and fuzzed forms that never crash anything."""

import logging
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passerelle.channels.models import OutboundMessage, RawEvent
from passerelle.conversations.models import Message
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.fuzz import FUZZ, Reach, assert_processed, forms, serial
from passerelle.testing.platforms import fixture, make_sms, post_twilio, webhook_path


@pytest.fixture
def channel(service, fake_twilio):
    return make_sms(service, fake_twilio)


@pytest.fixture
def post(client, channel, django_capture_on_commit_callbacks):
    def _post(form, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post_twilio(client, channel, form, **kwargs)

    return _post


def test_signed_sms_creates_member_and_message_and_answers_twiml(post):
    response = post(fixture("sms_twilio", "inbound_sms"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    assert response.content.decode().endswith("<Response/>")
    message = Message.objects.get()
    assert message.text.startswith("Bonjour, est-ce que la clinique")
    assert message.thread.kind == "private"
    assert message.member.identities.get().urn == "tel:+16135550157"


def test_same_sms_twice_is_stored_once(post):
    post(fixture("sms_twilio", "inbound_arabic"))
    post(fixture("sms_twilio", "inbound_arabic"))
    assert RawEvent.objects.count() == 1 and Message.objects.count() == 1


def test_wrong_token_or_tampered_form_is_refused(post, channel):
    form = fixture("sms_twilio", "inbound_sms")
    assert post(form, token="not-the-auth-token").status_code == 403
    from passerelle.testing.platforms import twilio_signature

    signature = twilio_signature(channel, form, channel.secrets["auth_token"])
    assert post({**form, "Body": "changed"}, signature=signature).status_code == 403
    assert post(form, signature="").status_code == 403
    assert not RawEvent.objects.exists()


def test_signature_is_checked_over_the_public_url_not_the_host(client, channel, caplog, settings):
    form = fixture("sms_twilio", "inbound_sms")
    from twilio.request_validator import RequestValidator

    # Signed for the URL the request reached (a proxy's Host), not PASSERELLE_PUBLIC_URL.
    signature = RequestValidator(channel.secrets["auth_token"]).compute_signature(
        "http://testserver" + webhook_path(channel), form
    )
    with caplog.at_level(logging.WARNING):
        response = post_twilio(client, channel, form, signature=signature)
    assert response.status_code == 403
    assert "PASSERELLE_PUBLIC_URL" in caplog.text
    settings.PUBLIC_URL = "http://testserver"
    assert post_twilio(client, channel, form, signature=signature).status_code == 200


def test_status_callbacks_update_the_send(
    post, channel, service, fake_twilio, django_capture_on_commit_callbacks
):
    post(fixture("sms_twilio", "inbound_sms"))
    role = make_staff(service, Role.MODERATOR)[1]
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=Message.objects.get().thread, text="Oui, de 10 h à 14 h.")
    row = OutboundMessage.objects.get()
    assert row.state == "sent" and row.platform_message_id.startswith("SM")
    (sent,) = fake_twilio.requests.matching("/Messages.json", "POST")
    assert sent.form["StatusCallback"] == "http://127.0.0.1:8000" + webhook_path(channel)
    assert sent.form["From"] == "+16135550100" and sent.form["To"] == "+16135550157"
    post(fake_twilio.callback_form(row.platform_message_id, "delivered"))
    row.refresh_from_db()
    assert row.state == "delivered"
    post(fake_twilio.callback_form(row.platform_message_id, "sent"))  # late: no step back
    row.refresh_from_db()
    assert row.state == "delivered"


def test_undelivered_callback_records_the_error_code(post, channel, service):
    form = fixture("sms_twilio", "status_undelivered")
    row = _sent_row(service, channel, form["MessageSid"], form["To"])
    post(form)
    row.refresh_from_db()
    assert row.state == "failed" and "30003" in row.error


def _sent_row(service, channel, sid, to):
    from django.utils import timezone

    from passerelle.conversations.services import private_thread_for
    from passerelle.members.services import member_for_identity

    member, _ = member_for_identity(org=service.org, platform="tel", address=to)
    thread = private_thread_for(service, member)
    message = Message.objects.create(
        org=service.org,
        service=service,
        thread=thread,
        direction="out",
        text="x",
        member=member,
        created_at=timezone.now(),
    )
    return OutboundMessage.objects.create(
        org=service.org,
        channel=channel,
        source_id=message.pk,
        text=message.text,
        recipient=to,
        state="sent",
        platform_message_id=sid,
    )


KEYS = set(fixture("sms_twilio", "inbound_sms")) | set(fixture("sms_twilio", "status_delivered"))
KEYS |= {"OptOutType", "ErrorCode", "MediaContentType0", "MediaUrl0"}


@FUZZ
@given(form=forms(KEYS))
def test_fuzzed_forms_never_crash(client, channel, form):
    assert_processed(post_twilio(client, channel, form))


def test_fuzzed_forms_on_a_valid_sms_never_crash(client, channel):
    reach = Reach("sms_twilio")

    @FUZZ
    @given(form=forms(KEYS))
    def deliver(form):
        # A new MessageSid per example: the same sid again is a retry, answered and dropped
        # before the parser (fuzzed sids are forms_never_crash's business).
        sid = f"SM{serial():032x}"
        fields = {**fixture("sms_twilio", "inbound_sms"), **form, "MessageSid": sid}
        reach.post(post_twilio(client, channel, {**fields, "SmsSid": sid}))

    deliver()
    reach.report()


@FUZZ
@given(body=st.binary(max_size=300))
def test_fuzzed_raw_bodies_never_crash(client, channel, body):
    from twilio.request_validator import RequestValidator

    from passerelle.channels.types.base import WebhookRejected
    from passerelle.channels.types.sms_twilio.type import form_of

    try:
        params = form_of(body)
    except WebhookRejected:
        params = {}
    signature = RequestValidator(channel.secrets["auth_token"]).compute_signature(
        "http://127.0.0.1:8000" + webhook_path(channel), params
    )
    response = client.post(
        webhook_path(channel),
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature},
    )
    assert_processed(response)


def test_json_body_is_refused_cleanly(client, channel):
    response = client.post(
        webhook_path(channel),
        data=b'{"MessageSid": 1}',
        content_type="application/json",
        headers={"X-Twilio-Signature": "x"},
    )
    assert response.status_code == 403


def test_form_with_too_many_fields_is_a_clear_400(client, channel):
    form = {f"k{n}": "v" for n in range(400)}
    body = urlencode(form)
    response = client.post(
        webhook_path(channel),
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": "anything"},
    )
    assert response.status_code == 400


def test_nul_in_a_form_value_is_dropped_and_a_raw_nul_refused(post, client, channel):
    form = fixture("sms_twilio", "inbound_sms")
    assert_processed(post({**form, "Body": "a\x00b"}))
    assert Message.objects.get().text == "ab"
    body = urlencode(form).encode() + b"&x=\x00"
    response = client.post(
        webhook_path(channel),
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": "x"},
    )
    assert (
        response.status_code == 400
        and not RawEvent.objects.exclude(external_id=form["MessageSid"]).exists()
    )

"""Reports from members: /report as a reply, the web chat button; the reporter stays private."""

import json
import time

from passerelle.channels.types.webchat.type import TOKEN_HEADER, visitor_token
from passerelle.conversations.models import Message
from passerelle.moderation.models import Report
from passerelle.moderation.reports import message_flag, report_dismiss
from passerelle.moderation.tests.conftest import sent_to
from passerelle.testing.factories import make_channel, post_signed, sim_body


def _reply(client, channel, capture, *, to, text="/report", sender="sim-reporter"):
    body = json.loads(sim_body(sender=sender, name="Rami", chat="group", text=text))
    body["reply_to"] = to.platform_message_id
    with capture(execute=True):
        assert post_signed(client, channel, json.dumps(body).encode()).status_code == 200


def test_report_as_a_reply_queues_the_message_privately(
    client, sim_channel, community, posting, django_capture_on_commit_callbacks
):
    _membership, message = posting("كلام مسيء")
    _reply(client, sim_channel, django_capture_on_commit_callbacks, to=message)
    report = Report.objects.get()
    assert report.message == message and report.source == "member"
    reporter = report.reporter
    assert reporter.display_name == "Rami"
    # The command is not a group message: nobody else sees who reported.
    assert not Message.objects.filter(text="/report").exists()
    assert "لن يعرف أحد" in sent_to(reporter, 1)[0]
    _reply(
        client,
        sim_channel,
        django_capture_on_commit_callbacks,
        to=message,
        text="/report@passerelle_bot",
    )
    assert Report.objects.count() == 1  # one report per person


def test_report_without_a_reply_explains_how(community, newcomer):
    member = newcomer("/report", chat="group")
    assert not Report.objects.exists()
    assert "/report" in sent_to(member, 1)[0]


def test_web_chat_report_button(client, community, posting, django_capture_on_commit_callbacks):
    _membership, message = posting("spam spam")
    channel = make_channel(community, "webchat")
    visitor = "v1234"

    def report(message_id):
        event_id = f"wc-{visitor}-{time.time_ns()}"
        body = json.dumps(
            {
                "event_id": event_id,
                "type": "report",
                "message": str(message_id),
                "chat": "group",
                "sender": {"id": visitor, "name": "Nour", "language": "fr"},
            }
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/webhooks/{channel.uuid}/",
                data=body,
                content_type="application/json",
                headers={TOKEN_HEADER: visitor_token(channel.secrets["signing_secret"], visitor)},
            )
        assert response.status_code == 200

    report(message.pk)
    assert Report.objects.get().message == message
    report(999999)  # unknown or another service's message: nothing reported
    assert Report.objects.count() == 1


def test_flags_and_dismissal(community, mod_role, posting):
    membership, message = posting("http://spam.example")
    # The link was flagged as it arrived (moderation.details); two more flags by hand.
    assert Report.objects.get(message=message).detected == "link"
    message_flag(message=message, reason="link to an unknown site")
    message_flag(message=message, source=Report.Source.STAFF, reason="looks like spam")
    assert report_dismiss(role=mod_role, message=message) == 3
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    event = membership.events.get(kind="report_dismissed")
    assert event.actor == mod_role.user and event.data["reports"] == 3

"""Sends and moderation calls through python-telegram-bot to the fake Bot API server."""

import time

import pytest

from passerelle.channels.actions import platform_action_queue
from passerelle.channels.models import OutboundMessage, PlatformAction
from passerelle.channels.sending import due_outbound_requeue, outbound_send
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply, message_send
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff

from .conftest import AMIRA, GROUP, LUC

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def role(tg):
    return make_staff(tg.service, Role.MODERATOR)[1]


def _reply(role, text="مرحبا", **kwargs):
    thread = kwargs.pop("thread", None) or Thread.objects.get(service=role.service, kind="group")
    return message_reply(role=role, thread=thread, text=text, **kwargs)


def test_moderator_reply_in_the_group_reaches_telegram(
    moderator_client, tg, fake_telegram, deliver, django_capture_on_commit_callbacks
):
    deliver("group_text")
    question = Message.objects.get()
    slug = tg.service.slug
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"/s/{slug}/threads/{question.thread_id}/reply/",
            {"text": "Au CLIC, 240 rue Catherine.", "reply_to": question.pk},
        )
    assert response.status_code == 200
    (call,) = fake_telegram.calls("sendMessage")
    assert call.params["chat_id"] == GROUP and call.params["text"] == "Au CLIC, 240 rue Catherine."
    assert call.params["reply_parameters"]["message_id"] == 4521
    row = OutboundMessage.objects.get()
    assert (row.state, row.recipient, row.attempts) == ("sent", str(GROUP), 1)
    assert row.platform_message_id == f"{GROUP}:1001"
    assert row.logs.get().action == "sendMessage"  # the log names the send


def test_private_reply_goes_to_the_persons_chat(
    role, deliver, fake_telegram, django_capture_on_commit_callbacks
):
    deliver("private_text")
    thread = Thread.objects.get(kind="private")
    with django_capture_on_commit_callbacks(execute=True):
        _reply(role, "Demain à 9 h.", thread=thread)
    assert fake_telegram.calls("sendMessage")[0].params["chat_id"] == LUC
    assert OutboundMessage.objects.get().state == "sent"


def test_server_error_retries_later_then_sends_once(
    role, fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.script("server_error", match="sendMessage")
    with django_capture_on_commit_callbacks(execute=True):
        _reply(role)
    row = OutboundMessage.objects.get()
    assert row.state == "queued" and row.attempts == 1 and "Internal Server Error" in row.error
    assert row.next_attempt_at is not None
    assert outbound_send(row.pk) == "skipped"  # not due yet
    assert outbound_send(row.pk, now=row.next_attempt_at) == "sent"
    assert [r.status for r in fake_telegram.calls("sendMessage")] == [500, 200]


@pytest.mark.parametrize("preset", ["blocked", "chat_not_found"])
def test_permanent_errors_fail_with_the_reason_and_are_not_retried(
    role, fake_telegram, moderator_client, preset, django_capture_on_commit_callbacks
):
    fake_telegram.script(preset, match="sendMessage")
    with django_capture_on_commit_callbacks(execute=True):
        message = _reply(role)
    row = OutboundMessage.objects.get()
    assert row.state == "failed"
    assert "bot was blocked" in row.error or "chat not found" in row.error.lower()
    assert outbound_send(row.pk) == "skipped"
    assert due_outbound_requeue() == 0 and len(fake_telegram.calls("sendMessage")) == 1
    # The moderator sees it in the inbox, with the reason.
    page = moderator_client.get(f"/s/{role.service.slug}/inbox/?thread={message.thread_id}")
    html = page.content.decode()
    assert "send-failed" in html and row.error in html


def test_rate_limited_reply_waits_for_retry_after_then_goes_once(
    role, fake_telegram, settings, django_capture_on_commit_callbacks
):
    """Acceptance: a 429 retry_after 3 delays the send ≥ 3 s, then it is delivered once."""
    settings.RATE_LIMITS = True
    fake_telegram.script("rate_limit", retry_after=3, match="sendMessage")
    with django_capture_on_commit_callbacks(execute=True):
        _reply(role, "Bienvenue !")
    row = OutboundMessage.objects.get()
    assert row.state == "queued" and "retry" in row.error.lower()
    refused_at = fake_telegram.calls("sendMessage")[0].at
    deadline = time.monotonic() + 10
    while OutboundMessage.objects.get().state != "sent":  # the scheduler's sweep, by hand
        assert time.monotonic() < deadline, "never sent"
        due_outbound_requeue()
        time.sleep(0.2)
    statuses = [(r.status, r.at) for r in fake_telegram.calls("sendMessage")]
    assert [s for s, _at in statuses] == [429, 200]
    assert statuses[1][1] - refused_at >= 3.0
    assert OutboundMessage.objects.get().attempts == 2


def test_media_from_a_file_id(role, fake_telegram, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_send(
            thread=Thread.objects.get(service=role.service, kind="group"),
            text="L'affiche",
            author=role.user,
            media={"kind": "photo", "file_id": "AgACAgEAAx-poster"},
        )
    (call,) = fake_telegram.calls("sendPhoto")
    assert call.params["photo"] == "AgACAgEAAx-poster" and call.params["caption"] == "L'affiche"
    assert OutboundMessage.objects.get().state == "sent"


def test_group_upgraded_to_supergroup_is_followed(
    role, tg, fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.script("migrated", match="sendMessage", migrate_to_chat_id=-1009999)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(role)
    assert OutboundMessage.objects.get().state == "sent"
    assert fake_telegram.calls("sendMessage")[-1].params["chat_id"] == -1009999
    tg.refresh_from_db()
    assert tg.config["group_chat_id"] == "-1009999"


@pytest.mark.parametrize(
    "action, params, calls",
    [
        ("approve_join", {"user": str(AMIRA), "chat_id": str(GROUP)}, ["approveChatJoinRequest"]),
        ("decline_join", {"user": str(AMIRA)}, ["declineChatJoinRequest"]),
        ("ban", {"user": str(AMIRA)}, ["banChatMember"]),
        ("ban", {"user": str(AMIRA), "leave": True}, ["banChatMember", "unbanChatMember"]),
        ("unban", {"user": str(AMIRA)}, ["unbanChatMember"]),
        (
            "restrict",
            {"user": str(AMIRA), "until": "2030-01-01T00:00:00+00:00"},
            ["restrictChatMember"],
        ),
        ("unrestrict", {"user": str(AMIRA)}, ["restrictChatMember"]),
        ("delete_message", {"message_id": f"{GROUP}:4521"}, ["deleteMessage"]),
    ],
)
def test_moderation_actions(
    tg, fake_telegram, action, params, calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = platform_action_queue(
            channel=tg, action=action, params=params, dedupe_key=f"t:{action}"
        )
    assert PlatformAction.objects.get(pk=row.pk).state == "done"
    made = [r.path.rsplit("/", 1)[1] for r in fake_telegram.requests if "/bot" in r.path]
    assert [m for m in made if m not in ("getMe", "setWebhook")] == calls
    last = fake_telegram.calls(calls[-1])[-1].params
    assert last["chat_id"] == GROUP
    if action == "restrict":
        assert last["permissions"]["can_send_messages"] is False and last["until_date"]
    if action == "delete_message":
        assert last["message_id"] == 4521
    else:
        assert last["user_id"] == AMIRA

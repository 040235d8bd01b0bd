"""Acceptance: a Telegram join request → intake in Arabic → guidelines accepted → a moderator
accepts → the (fake) Bot API receives approveChatJoinRequest and the welcome message.

Real python-telegram-bot against the loopback FakeTelegram server; webhooks posted with
the secret token header exactly as Telegram sends them.
"""

import copy
import json
from pathlib import Path

import pytest

from passerelle.channels.services import channel_create
from passerelle.communities.models import Intake, Membership
from passerelle.communities.services import guidelines_from_template, intake_questions_add_defaults
from passerelle.moderation.access import join_accept
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_service, make_staff
from passerelle.testing.fakeplatforms import fixtures as fake_fixtures

TELEGRAM_TOKEN = fake_fixtures.TELEGRAM_TOKEN
fake_telegram = fake_fixtures.fake_telegram
FIXTURES = Path(__file__).resolve().parent.parent / "passerelle/channels/types/telegram/fixtures"
GROUP = -1002233445566
AMIRA = 6120000142
SECRET = "webhook-secret-for-tests"


def _fixture(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


@pytest.fixture
def telegram_channel(db, fake_telegram):
    service = make_service("ottawa-telegram")
    guidelines_from_template(service=service, template="interactive")
    intake_questions_add_defaults(service=service)
    return channel_create(
        service=service,
        type_slug="telegram",
        name="Telegram",
        secrets={"token": TELEGRAM_TOKEN, "webhook_secret": SECRET},
        config={
            "api_base_url": fake_telegram.url,
            "group_chat_id": str(GROUP),
            "bot_id": TELEGRAM_TOKEN.split(":")[0],
        },
    )


def _deliver(client, channel, update, capture):
    with capture(execute=True):
        response = client.post(
            f"/webhooks/{channel.uuid}/",
            data=json.dumps(update, ensure_ascii=False),
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    assert response.status_code == 200


def _private_text(text, n):
    update = copy.deepcopy(_fixture("command_start"))
    update["update_id"] += 100 + n
    update["message"]["message_id"] += 100 + n
    update["message"]["text"] = text
    update["message"].pop("entities", None)
    return update


def _texts_to(fake, chat_id):
    return [
        r.params["text"]
        for r in fake.calls("sendMessage")
        if str(r.params.get("chat_id")) == str(chat_id)
    ]


def test_telegram_join_request_to_welcome(
    client,
    telegram_channel,
    fake_telegram,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    _deliver(client, telegram_channel, _fixture("chat_join_request"), capture)
    intake = Intake.objects.get()
    assert intake.source == "join_request" and intake.platform_params == {"chat_id": str(GROUP)}
    sent = _texts_to(fake_telegram, AMIRA)
    assert "أهلاً بكم في" in sent[0] and "ما هي اللغة" in sent[1]  # Arabic: language_code ar

    for n, answer in enumerate(["1", "١", "1", "3", "نعم"]):
        _deliver(client, telegram_channel, _private_text(answer, n), capture)
    intake.refresh_from_db()
    assert intake.state == "review" and intake.eligible
    assert intake.answers.get(key="guidelines").value == "yes"
    sent = _texts_to(fake_telegram, AMIRA)
    assert any("خارج موضوع المجموعة" in text for text in sent)  # the full guidelines
    assert "سيراجع أحد المشرفين" in sent[-1]
    assert not fake_telegram.calls("approveChatJoinRequest")  # nothing before a moderator

    _user, role = make_staff(telegram_channel.service, Role.MODERATOR)
    with capture(execute=True):
        join_accept(role=role, intake=intake)
    approvals = fake_telegram.calls("approveChatJoinRequest")
    assert len(approvals) == 1
    assert str(approvals[0].params["chat_id"]) == str(GROUP)
    assert str(approvals[0].params["user_id"]) == str(AMIRA)
    welcome, notice = _texts_to(fake_telegram, AMIRA)[-2:]
    assert "تم قبول طلبكم" in welcome and "/g/ottawa-telegram/v1/?lang=ar" in welcome
    assert "تيليغرام" in notice and "غير مشفّرة" in notice  # who can read it on Telegram
    membership = Membership.objects.get()
    assert membership.status == "active" and membership.guidelines_accepted.version == 1

    # Telegram then says she joined the group: nothing more happens.
    _deliver(client, telegram_channel, _fixture("new_chat_members"), capture)
    assert Intake.objects.count() == 1 and Membership.objects.get().status == "active"

"""One person's whole story in a service, through the real Telegram path (fake Bot API
server, real client library): join with an intake, a group question labelled and answered,
a referral, private messages both ways, a warning, consents, a staff member's visit.

Everything the person did happens in one past month (`MONTH`), so the monthly statistics
of that month can be compared before and after an erasure.
"""

import copy
import json
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from passerelle.channels.services import channel_connect
from passerelle.communities.models import IntakeQuestion, Membership, MembershipEvent
from passerelle.communities.services import (
    guidelines_from_template,
    intake_question_save,
    intake_questions_add_defaults,
    policy_update,
)
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply
from passerelle.members.models import Member
from passerelle.members.services import consent_record_by_staff
from passerelle.moderation.services import warn_member
from passerelle.orgs.models import Role
from passerelle.questions.services import message_label_set
from passerelle.referrals.models import Partner
from passerelle.referrals.services import referral_create, referral_draft
from passerelle.testing.factories import make_service, make_staff
from passerelle.testing.fakeplatforms.fixtures import TELEGRAM_TOKEN
from passerelle.testing.platforms import LUC, TELEGRAM_GROUP, post_update, update

PERSON = 6120000999
FIRST, LAST, USERNAME = "Zaynab", "Qasimi", "zaynab_q_ott"
GROUP_TEXT = "ZQmark1 where can my son see a pediatrician near Vanier?"
PRIVATE_TEXT = "ZQmark2 my file number is 88431 and I live at 12 rue Secrète"
INTAKE_TEXT = "ZQmark3 from Aleppo, arrived with my two sons"
STAFF_PRIVATE = "ZQmark4 thank you, we will call you tomorrow"
WARNING_NOTE = "ZQmark5 posted her phone number in the group"
CONSENT_NOTE = "ZQmark6 signed form kept in the office file"
STAFF_GROUP = "Zaynab, the CHEO clinic on Smyth Road takes walk-ins."
# What must be nowhere once the person is erased.
NEEDLES = (
    FIRST,
    LAST,
    USERNAME,
    str(PERSON),
    "ZQmark1",
    "ZQmark2",
    "ZQmark3",
    "ZQmark4",
    "ZQmark5",
    "ZQmark6",
    "Secrète",
)

STATS_KINDS = (
    MembershipEvent.Kind.JOINED,
    MembershipEvent.Kind.ACCEPTED,
    MembershipEvent.Kind.LEFT,
    MembershipEvent.Kind.REMOVED,
)


def month_start(at):
    return at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@dataclass
class Story:
    service: object
    channel: object
    admin: object
    admin_role: object
    moderator: object
    moderator_role: object
    member: Member
    membership: Membership
    group_message: Message
    month: object


def _person(data: dict, *, private: bool, text: str, at, message_id: int) -> dict:
    message = data["message"]
    message["from"] = {
        "id": PERSON,
        "is_bot": False,
        "first_name": FIRST,
        "last_name": LAST,
        "username": USERNAME,
        "language_code": "en",
    }
    if private:
        message["chat"] = {
            "id": PERSON,
            "first_name": FIRST,
            "last_name": LAST,
            "username": USERNAME,
            "type": "private",
        }
    message["text"] = text
    message["date"] = int(at.timestamp())
    message["message_id"] = message_id
    message.pop("entities", None)
    data["update_id"] = 990000000 + message_id
    return data


class Deliver:
    def __init__(self, client, channel, capture):
        self.client, self.channel, self.capture = client, channel, capture

    def __call__(self, data):
        with self.capture(execute=True):
            response = post_update(self.client, self.channel, data)
        assert response.status_code == 200, response.content
        return response


def build(*, client, fake_telegram, capture, slug="privacy-story") -> Story:
    """The whole story; `capture` is django_capture_on_commit_callbacks."""
    service = make_service(slug, languages=("en", "fr"))
    admin, admin_role = make_staff(service, Role.ADMIN, email=f"admin@{slug}.example.org")
    moderator, moderator_role = make_staff(service, Role.MODERATOR, email=f"mod@{slug}.example.org")
    guidelines_from_template(service=service, template="interactive")
    intake_questions_add_defaults(service=service)
    for position, key, kind, prompt in (
        (40, "where_from", IntakeQuestion.Kind.TEXT, "Where are you from?"),
        (50, "consent_surveys", IntakeQuestion.Kind.YES_NO, "May we contact you for surveys?"),
    ):
        intake_question_save(
            role=admin_role,
            question=IntakeQuestion(
                key=key, position=position, kind=kind, prompts={"en": prompt, "fr": prompt}
            ),
        )
    policy_update(role=admin_role, auto_accept=True)
    channel = channel_connect(
        service=service,
        type_slug="telegram",
        values={
            "token": TELEGRAM_TOKEN,
            "api_base_url": fake_telegram.url,
            "group_chat_id": str(TELEGRAM_GROUP),
        },
    )
    deliver = Deliver(client, channel, capture)
    now = timezone.now()
    month = month_start(month_start(now) - timedelta(days=40))
    at = month + timedelta(days=9, hours=14)

    # Joining: /start, then the intake one answer at a time (auto-accepted at the end).
    answers = ["/start", "1", "1", "1", "1", INTAKE_TEXT, "1", "1"]
    for n, text in enumerate(answers):
        deliver(_person(update("private_text"), private=True, text=text, at=at, message_id=100 + n))
        at += timedelta(minutes=2)
    member = Member.objects.get(identities__platform="telegram", identities__address=str(PERSON))
    membership = Membership.objects.get(service=service, member=member)
    assert membership.status == Membership.Status.ACTIVE, membership.status

    # A question in the group, labelled, answered by name, referred to a partner.
    deliver(_person(update("group_text"), private=False, text=GROUP_TEXT, at=at, message_id=4600))
    group_message = Message.objects.get(service=service, text=GROUP_TEXT)
    message_label_set(role=moderator_role, message=group_message, label="request")
    group = Thread.objects.get(service=service, kind="group")
    with capture(execute=True):
        message_reply(role=moderator_role, thread=group, text=STAFF_GROUP, reply_to=group_message)
    question = group_message.question
    partner = Partner.objects.create(
        org=service.org, name="CHEO Newcomer Clinic", phone="613-555-0177"
    )
    text, _language = referral_draft(
        service=service, member=member, partner=partner, partner_service=None
    )
    with capture(execute=True):
        referral_create(role=moderator_role, question=question, partner=partner, text=text)

    # Someone else replies to her post: Telegram quotes her name, id and words.
    reply = update("reply")
    reply["message"]["reply_to_message"] = _person(
        {"message": {"chat": reply["message"]["chat"]}},
        private=False,
        text=GROUP_TEXT,
        at=at,
        message_id=4600,
    )["message"]
    reply["message"]["date"] = int((at + timedelta(minutes=5)).timestamp())
    reply["message"]["message_id"] = 4601
    reply["update_id"] = 990004601
    assert reply["message"]["from"]["id"] == LUC
    deliver(reply)

    # Private messages both ways.
    at += timedelta(hours=1)
    deliver(_person(update("private_text"), private=True, text=PRIVATE_TEXT, at=at, message_id=130))
    private = Thread.objects.get(service=service, kind="private", member=member)
    with capture(execute=True):
        message_reply(role=moderator_role, thread=private, text=STAFF_PRIVATE)

    # Moderation and consent recorded by staff.
    with capture(execute=True):
        warn_member(
            role=moderator_role,
            membership=membership,
            clause="off_topic",
            message=group_message,
            reason=WARNING_NOTE,
        )
    consent_record_by_staff(
        role=moderator_role,
        member=member,
        purpose="followup",
        action="given",
        how="phone",
        note=CONSENT_NOTE,
    )
    membership.refresh_from_db()
    return Story(
        service=service,
        channel=channel,
        admin=admin,
        admin_role=admin_role,
        moderator=moderator,
        moderator_role=moderator_role,
        member=member,
        membership=membership,
        group_message=group_message,
        month=month,
    )


def monthly_statistics(service) -> dict:
    """The counts the monthly statistics are made of: messages per label per month,
    memberships joined / accepted / left / removed per month."""
    messages = (
        Message.objects.filter(service=service)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "label")
        .annotate(n=Count("id"))
    )
    events = (
        MembershipEvent.objects.filter(membership__service=service, kind__in=STATS_KINDS)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "kind")
        .annotate(n=Count("id"))
    )
    return {
        "messages": {(m.date(), label): n for m, label, n in messages},
        "memberships": {(m.date(), kind): n for m, kind, n in events},
    }


def copy_json(value):
    return copy.deepcopy(json.loads(json.dumps(value)))

"""Seed the demo service: idempotent, deterministic, a year of believable history."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from passerelle.channels.models import Channel
from passerelle.channels.services import channel_create
from passerelle.communities.lifecycle import member_leave
from passerelle.communities.models import Membership
from passerelle.communities.services import (
    guidelines_from_template,
    membership_ensure,
    service_create,
)
from passerelle.conversations.services import (
    group_thread_for,
    messages_record,
    private_thread_for,
)
from passerelle.demo import content
from passerelle.demo.community import seed_community
from passerelle.demo.helpdesk import seed_helpdesk
from passerelle.demo.surveys import seed_surveys
from passerelle.members.services import member_for_identity
from passerelle.moderation.services import member_remove
from passerelle.orgs.models import Role, Service
from passerelle.orgs.services import organization_ensure, staff_add
from passerelle.reports import toolkit

MODERATOR_EMAIL = "moderator@example.org"
ADMIN_EMAIL = "admin@example.org"
DEMO_PASSWORD = "passerelle-demo"
MEMBER_COUNT = 40
# Members who left (40 days after joining) and who were removed (60 days after).
LEFT, REMOVED = (5, 17, 29), (11, 23)
REMOVAL_REASON = "Two warnings for off-topic political posts (guideline 3)"


def _month_starts(now, tz, count=12):
    # Local months: a report counts by the service's calendar, not UTC's.
    first = now.astimezone(tz).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts = []
    for back in range(count, 0, -1):
        year, month = first.year, first.month - back
        while month <= 0:
            year, month = year - 1, month + 12
        starts.append(first.replace(year=year, month=month))
    return starts


def _random_moment(rng, start, end, tz):
    # Newcomers write mostly in the day and evening, local time.
    day = start + timedelta(days=rng.randrange(max(1, (end - start).days)))
    local = datetime.combine(
        day.astimezone(tz).date(), time(rng.choice(range(8, 23)), rng.randrange(60)), tzinfo=tz
    )
    return min(max(local, start), end - timedelta(minutes=1))


def _members(service, moderator, rng, year_start, now):
    # The product's own rules and records: joined, left and removed as members really are,
    # with what each was told kept in their thread (send=False: nothing goes out).
    members = []
    for i in range(MEMBER_COUNT):
        name = (
            f"{content.FIRST_NAMES[i % 20]} {content.LAST_NAMES[(i * 7) % len(content.LAST_NAMES)]}"
        )
        joined = year_start + timedelta(days=rng.randrange(0, 330), hours=rng.randrange(9, 20))
        language = "ar" if i % 8 else rng.choice(["fr", "en"])
        member, created = member_for_identity(
            org=service.org,
            platform="sim",
            address=f"telegram-demo-{i:03d}",
            name=name,
            language=language,
            at=joined,
        )
        members.append(member)
        if not created:
            continue
        membership = membership_ensure(service=service, member=member, via="demo", at=joined)
        if i in LEFT:
            left = min(joined + timedelta(days=40), now - timedelta(hours=1))
            member_leave(service=service, member=member, via="demo", at=left, send=False)
        elif i in REMOVED:
            member_remove(
                role=moderator,
                membership=membership,
                reason=REMOVAL_REASON,
                at=min(joined + timedelta(days=60), now - timedelta(hours=1)),
                send=False,
            )
    return members


def _history(service, members, moderator, rng, now):
    tz = service.tz
    group = group_thread_for(service)
    ended = dict(
        Membership.objects.filter(service=service, ended_at__isnull=False).values_list(
            "member_id", "ended_at"
        )
    )
    private = {}

    def private_thread(member):
        if member.pk not in private:
            private[member.pk] = private_thread_for(service, member)
        return private[member.pk]

    records = []
    starts = _month_starts(now, tz)
    # Each calendar month holds exactly its Table 5 counts, as the dashboard shows them.
    this_month = now.astimezone(tz).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else this_month
        requests, referrals = [], []
        for label, counts in toolkit.TABLE_5.items():
            for _ in range(counts[index]):
                at = _random_moment(rng, start, end, tz)
                if label in ("request", "other"):
                    # Someone who has left or been removed posts no more.
                    active = [
                        m
                        for m in members
                        if m.created_at < end and not (m.pk in ended and ended[m.pk] <= at)
                    ] or members[:5]
                    author = rng.choice(active)
                    is_private = label == "request" and rng.random() < 0.15
                    pool = content.REQUESTS if label == "request" else content.MESSAGES
                    text = rng.choice(pool)
                    record = {
                        "thread": private_thread(author) if is_private else group,
                        "member": author,
                        "direction": "in",
                        "text": text,
                        "label": label,
                        "language": content.language_of(text),
                        "at": at,
                        "labelled_by": moderator if label == "request" else None,
                    }
                    if label == "request":
                        requests.append(record)
                else:
                    pool = content.INFORMATION if label == "information" else content.REFERRALS
                    text = rng.choice(pool)
                    record = {
                        "thread": group,
                        "direction": "out",
                        "author": moderator,
                        "text": text,
                        "label": label,
                        "language": content.language_of(text),
                        "at": at,
                        "labelled_by": moderator,
                    }
                    if label == "referral":
                        referrals.append(record)
                records.append(record)
        # Referrals answer the month's requests: reply a few hours after the question.
        for referral, request in zip(referrals, requests, strict=False):
            referral["thread"] = request["thread"]
            referral["at"] = min(
                request["at"] + timedelta(hours=rng.randrange(1, 20)),
                end - timedelta(minutes=1),
            )
    return len(messages_record(records))


@transaction.atomic
def seed_demo(now=None) -> dict:
    """Create the demo organization, service, staff, channels, members and history once."""
    now = now or timezone.now()
    rng = random.Random(613)
    org, _ = organization_ensure(slug="refugee-613-demo", name="Refugee 613 (demo)")
    service = Service.objects.filter(slug=content.SERVICE["slug"]).first()
    if service is None:
        data = content.SERVICE
        service = service_create(
            org=org,
            slug=data["slug"],
            name=data["name"],
            languages=data["languages"],
            timezone_name=data["timezone"],
            purpose=data["purpose"],
            audience=data["audience"],
        )
    if not service.guidelines.exists():
        # Numbered clauses (interactive template) so warnings can cite them.
        guidelines_from_template(service=service, template="interactive")
    User = get_user_model()
    moderator_exists = User.objects.filter(username=MODERATOR_EMAIL).exists()
    moderator, _ = staff_add(
        email=MODERATOR_EMAIL,
        service=service,
        role=Role.MODERATOR,
        password=None if moderator_exists else DEMO_PASSWORD,
        first_name="Lina",
        last_name="(moderator)",
    )
    admin_exists = User.objects.filter(username=ADMIN_EMAIL).exists()
    admin, _ = staff_add(
        email=ADMIN_EMAIL,
        service=service,
        role=Role.ADMIN,
        password=None if admin_exists else DEMO_PASSWORD,
    )
    for type_slug, name in (("simulator", "Simulator"), ("webchat", "Web chat")):
        if not Channel.objects.filter(service=service, type=type_slug).exists():
            channel_create(service=service, type_slug=type_slug, name=name)
    year_start = _month_starts(now, service.tz)[0]
    history_seeded = service.messages.exists()
    moderator_role = moderator.staff_roles.get(service=service)
    members = _members(service, moderator_role, rng, year_start, now)
    created = 0
    if not history_seeded:
        created = _history(service, members, moderator, rng, now)
    # Service standard, partners, FAQ and the last two weeks' questions (idempotent).
    helpdesk = seed_helpdesk(service, moderator, now, admin=admin)
    # Guidelines clauses, join questions, warnings, reports, a pending join (idempotent).
    community = seed_community(service, moderator, now)
    # A satisfaction survey, a wave sent six weeks ago and its responses (idempotent).
    surveys = seed_surveys(service, admin, now)
    return {
        "service": service,
        "members": len(members),
        "messages_created": created,
        **helpdesk,
        **community,
        **surveys,
    }

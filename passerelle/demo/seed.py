"""Seed the demo service: idempotent, deterministic, a year of believable history."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from passerelle.channels.models import Channel
from passerelle.channels.services import channel_create
from passerelle.communities.models import Membership, MembershipEvent
from passerelle.communities.services import guidelines_from_template, service_create
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import group_thread_for, private_thread_for
from passerelle.demo import content
from passerelle.demo.community import seed_community
from passerelle.demo.helpdesk import seed_helpdesk
from passerelle.members.models import Identity, Member
from passerelle.orgs.models import Organization, Role, Service
from passerelle.orgs.services import staff_add

MODERATOR_EMAIL = "moderator@example.org"
ADMIN_EMAIL = "admin@example.org"
DEMO_PASSWORD = "passerelle-demo"
MEMBER_COUNT = 40


def _month_starts(now, count=12):
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
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


def _members(service, rng, year_start):
    members = []
    for i in range(MEMBER_COUNT):
        address = f"telegram-demo-{i:03d}"
        identity = Identity.objects.filter(org=service.org, platform="sim", address=address).first()
        if identity:
            members.append(identity.member)
            continue
        name = (
            f"{content.FIRST_NAMES[i % 20]} {content.LAST_NAMES[(i * 7) % len(content.LAST_NAMES)]}"
        )
        joined = year_start + timedelta(days=rng.randrange(0, 330), hours=rng.randrange(9, 20))
        language = "ar" if i % 8 else rng.choice(["fr", "en"])
        member = Member.objects.create(
            org=service.org, display_name=name, language=language, created_at=joined
        )
        Identity.objects.create(org=service.org, member=member, platform="sim", address=address)
        membership = Membership.objects.create(
            org=service.org,
            service=service,
            member=member,
            status=Membership.Status.ACTIVE,
            joined_at=joined,
        )
        MembershipEvent.objects.create(
            org=service.org,
            membership=membership,
            created_at=joined,
            kind=MembershipEvent.Kind.JOINED,
            data={"via": "demo"},
        )
        if i in (5, 17, 29):
            _end(membership, MembershipEvent.Kind.LEFT, joined + timedelta(days=40), "")
        elif i in (11, 23):
            _end(
                membership,
                MembershipEvent.Kind.REMOVED,
                joined + timedelta(days=60),
                "Two warnings for off-topic political posts (guideline 3)",
            )
        members.append(member)
    return members


def _end(membership, kind, at, reason):
    status = (
        Membership.Status.LEFT if kind == MembershipEvent.Kind.LEFT else Membership.Status.REMOVED
    )
    Membership.objects.filter(pk=membership.pk).update(status=status, ended_at=at)
    MembershipEvent.objects.create(
        org=membership.org,
        membership=membership,
        kind=kind,
        created_at=at,
        reason=reason,
        data={"via": "demo"},
    )


def _history(service, members, moderator, rng, now):
    tz = service.tz
    group = group_thread_for(service)
    rows = []
    starts = _month_starts(now)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else now
        active = [m for m in members if m.created_at < end] or members[:5]
        requests = []
        for label, counts in content.TABLE5.items():
            for _ in range(counts[index]):
                at = _random_moment(rng, start, end, tz)
                if label in ("request", "other"):
                    author = rng.choice(active)
                    private = label == "request" and rng.random() < 0.15
                    thread = private_thread_for(service, author) if private else group
                    pool = content.REQUESTS if label == "request" else content.MESSAGES
                    text = rng.choice(pool)
                    msg = Message(
                        org=service.org,
                        service=service,
                        thread=thread,
                        member=author,
                        direction="in",
                        text=text,
                        label=label,
                        language=content.language_of(text),
                        created_at=at,
                        labelled_by=moderator if label == "request" else None,
                    )
                    if label == "request":
                        requests.append(msg)
                else:
                    pool = content.INFORMATION if label == "information" else content.REFERRALS
                    text = rng.choice(pool)
                    msg = Message(
                        org=service.org,
                        service=service,
                        thread=group,
                        direction="out",
                        author=moderator,
                        text=text,
                        label=label,
                        language=content.language_of(text),
                        created_at=at,
                        labelled_by=moderator,
                    )
                rows.append(msg)
        # Referrals answer the month's requests: reply a few hours after the question.
        referrals = [
            m
            for m in rows[-sum(c[index] for c in content.TABLE5.values()) :]
            if m.label == "referral"
        ]
        for referral, request in zip(referrals, requests, strict=False):
            referral.thread = request.thread
            referral.member = request.member if request.thread.kind == "private" else None
            referral.created_at = min(
                request.created_at + timedelta(hours=rng.randrange(1, 20)),
                now - timedelta(minutes=1),
            )
    Message.objects.bulk_create(rows, batch_size=500)
    # Request/reply links need primary keys, so they are set after the insert.
    for thread in Thread.objects.filter(service=service):
        last = thread.messages.order_by("-created_at").first()
        unread = thread.messages.filter(direction="in", created_at__gte=now - timedelta(days=2))
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=last.created_at if last else None, unread_count=unread.count()
        )
    return len(rows)


@transaction.atomic
def seed_demo(now=None) -> dict:
    """Create the demo organization, service, staff, channels, members and history once."""
    now = now or timezone.now()
    rng = random.Random(613)
    org, _ = Organization.objects.get_or_create(
        slug="refugee-613-demo", defaults={"name": "Refugee 613 (demo)"}
    )
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
    )
    if not moderator.first_name:
        User.objects.filter(pk=moderator.pk).update(first_name="Lina", last_name="(moderator)")
        moderator.first_name = "Lina"
    admin_exists = User.objects.filter(username=ADMIN_EMAIL).exists()
    staff_add(
        email=ADMIN_EMAIL,
        service=service,
        role=Role.ADMIN,
        password=None if admin_exists else DEMO_PASSWORD,
    )
    for type_slug, name in (("simulator", "Simulator"), ("webchat", "Web chat")):
        if not Channel.objects.filter(service=service, type=type_slug).exists():
            channel_create(service=service, type_slug=type_slug, name=name)
    year_start = _month_starts(now)[0]
    members = _members(service, rng, year_start)
    created = 0
    if not service.messages.exists():
        created = _history(service, members, moderator, rng, now)
    # Service standard, partners, FAQ and the last two weeks' questions (idempotent).
    helpdesk = seed_helpdesk(service, moderator, now)
    # Guidelines clauses, join questions, warnings, reports, a pending join (idempotent).
    community = seed_community(service, moderator, now)
    return {
        "service": service,
        "members": len(members),
        "messages_created": created,
        **helpdesk,
        **community,
    }

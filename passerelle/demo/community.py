"""Demo moderation and joining: numbered guidelines, join questions, a few warnings and
reports, and one join request waiting for a moderator. Idempotent, like the rest of the seed.

Rows are written directly (as the history is) so the demo does not send anything.
"""

from datetime import timedelta

from passerelle.communities import intake_steps
from passerelle.communities.models import (
    Intake,
    IntakeAnswer,
    Membership,
    MembershipEvent,
)
from passerelle.communities.services import (
    guidelines_current,
    guidelines_from_template,
    intake_questions_add_defaults,
    policy_for,
)
from passerelle.conversations.models import Message
from passerelle.members.models import Identity, Member
from passerelle.moderation.models import MemberWarning, RemovalProposal, Report

JOIN_ADDRESS = "telegram-demo-join"
Kind = MembershipEvent.Kind


def _event(membership, kind, at, **fields):
    return MembershipEvent.objects.create(
        org_id=membership.org_id, membership=membership, kind=kind, created_at=at, **fields
    )


def _warn(membership, message, clause, kind, actor, at, guidelines):
    number = guidelines.clause(clause)[0]
    MemberWarning.objects.create(
        org_id=membership.org_id,
        service_id=membership.service_id,
        membership=membership,
        message=message,
        kind=kind,
        guidelines=guidelines,
        clause=clause,
        clause_number=number,
        actor=actor,
        created_at=at,
    )
    _event(
        membership,
        Kind.WARNED,
        at,
        actor=actor,
        clause=clause,
        data={
            "kind": kind,
            "clause_number": number,
            "guidelines_version": guidelines.version,
            "message": message.pk if message else None,
        },
    )


def _active_posters(service):
    active = Membership.objects.filter(service=service, status=Membership.Status.ACTIVE)
    for membership in active.select_related("member").order_by("pk"):
        post = (
            Message.objects.filter(
                service=service, member=membership.member, thread__kind="group", direction="in"
            )
            .order_by("-created_at")
            .first()
        )
        if post is not None:
            yield membership, post


def _warnings(service, moderator, now, guidelines) -> int:
    if MemberWarning.objects.filter(service=service).exists():
        return 0
    posters = list(_active_posters(service))[:2]
    if len(posters) < 2:
        return 0
    (first, first_post), (second, second_post) = posters
    _warn(
        first,
        first_post,
        "off_topic",
        MemberWarning.Kind.OFF_TOPIC,
        moderator,
        now - timedelta(days=40),
        guidelines,
    )
    _warn(
        first,
        None,
        "offensive",
        MemberWarning.Kind.WARNING,
        moderator,
        now - timedelta(days=3),
        guidelines,
    )
    reason = "2 warnings (the limit is 2)"
    RemovalProposal.objects.create(
        org_id=service.org_id,
        service=service,
        membership=first,
        reason=reason,
        clause="offensive",
        created_at=now - timedelta(days=3),
    )
    _event(first, Kind.REMOVAL_PROPOSED, now - timedelta(days=3), reason=reason, clause="offensive")
    _warn(
        second,
        second_post,
        "privacy",
        MemberWarning.Kind.WARNING,
        moderator,
        now - timedelta(days=10),
        guidelines,
    )
    return 3


def _reports(service, now) -> int:
    if Report.objects.filter(service=service).exists():
        return 0
    posters = list(_active_posters(service))[2:5]
    if len(posters) < 3:
        return 0
    (_m1, post1), (_m2, post2), (reporter, _p) = posters
    Report.objects.create(
        org_id=service.org_id,
        service=service,
        message=post1,
        source=Report.Source.MEMBER,
        reporter=reporter.member,
        created_at=now - timedelta(hours=5),
    )
    Report.objects.create(
        org_id=service.org_id,
        service=service,
        message=post2,
        source=Report.Source.SYSTEM,
        reason="Looks like a phone number",
        created_at=now - timedelta(hours=2),
    )
    return 2


def _join_request(service, now) -> int:
    if Identity.objects.filter(org=service.org, platform="sim", address=JOIN_ADDRESS).exists():
        return 0
    started = now - timedelta(hours=6)
    member = Member.objects.create(
        org=service.org, display_name="سعاد الأحمد", language="ar", created_at=started
    )
    Identity.objects.create(org=service.org, member=member, platform="sim", address=JOIN_ADDRESS)
    membership = Membership.objects.create(
        org=service.org, service=service, member=member, status=Membership.Status.PENDING
    )
    intake = Intake.objects.create(
        org=service.org,
        service=service,
        membership=membership,
        source="join_request",
        channel=service.channels.filter(type="simulator").first(),
        language="ar",
        guidelines=guidelines_current(service),
        started_at=started,
        eligible=True,
        state=Intake.State.REVIEW,
        completed_at=started + timedelta(minutes=4),
    )
    _event(membership, Kind.REQUESTED, started, data={"source": "join_request"})
    replies = {
        "language": "ar",
        "lives_in_area": "yes",
        "arrived_recently": "yes",
        "help_preference": "both",
        "guidelines": "yes",
    }
    for minute, (key, question) in enumerate(intake_steps.steps(intake), start=1):
        value = replies.get(key, "")
        IntakeAnswer.objects.create(
            org=service.org,
            intake=intake,
            question=question,
            key=key,
            prompt=intake_steps.prompt(intake, key, question, "ar"),
            value=value,
            raw=value,
            answered_at=started + timedelta(minutes=minute),
        )
    _event(
        membership,
        Kind.GUIDELINES_ACCEPTED,
        started + timedelta(minutes=4),
        data={"version": intake.guidelines.version},
    )
    return 1


def seed_community(service, moderator, now) -> dict:
    """Add the moderation and joining demo data the service lacks."""
    current = guidelines_current(service)
    if current is None or not current.clauses:
        current = guidelines_from_template(service=service, template="interactive")
    intake_questions_add_defaults(service=service)
    policy_for(service)
    return {
        "warnings_created": _warnings(service, moderator, now, current),
        "reports_created": _reports(service, now),
        "join_requests_created": _join_request(service, now),
    }

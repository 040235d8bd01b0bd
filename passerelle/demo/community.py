"""Demo moderation and joining: numbered guidelines, join questions, a few warnings and
reports, and one join request waiting for a moderator. Idempotent, like the rest of the seed.

Everything goes through the product's services, recorded as history (`send=False`): what
members were told is in their threads, and the demo sends nothing.
"""

from datetime import timedelta

from passerelle.communities.intake import intake_answer, intake_start
from passerelle.communities.models import Membership
from passerelle.communities.services import (
    guidelines_current,
    guidelines_from_template,
    intake_questions_add_defaults,
    policy_for,
)
from passerelle.conversations.models import Message
from passerelle.conversations.services import (
    group_thread_for,
    message_record,
    private_thread_for,
)
from passerelle.members.services import member_for_identity
from passerelle.moderation.details import personal_details_flag
from passerelle.moderation.models import MemberWarning, Report
from passerelle.moderation.reports import report_from_member
from passerelle.moderation.services import warn_member

JOIN_ADDRESS = "telegram-demo-join"
# Language 1 (العربية), lives in the area, arrived recently, help 3 (both), accepts the rules.
JOIN_REPLIES = ["1", "نعم", "نعم", "3", "نعم"]
# Posted in the group (Arabic-Indic digits): the personal-details flag of the queue.
PHONE_POST = "من يريد مساعدة في تعبئة الاستمارة يتصل بي على ٦١٣-٥٥٥-٠١٧٧"


def _last_post(service, membership, before):
    return (
        Message.objects.filter(
            service=service,
            member=membership.member,
            thread__kind="group",
            direction="in",
            created_at__lt=before,
        )
        .order_by("-created_at")
        .first()
    )


def _posters(service, before):
    """(membership, last group post before `before`) of the active members who posted."""
    active = Membership.objects.filter(service=service, status=Membership.Status.ACTIVE)
    for membership in active.select_related("member", "service").order_by("pk"):
        post = _last_post(service, membership, before)
        if post is not None:
            yield membership, post


def _warnings(service, moderator, now) -> int:
    if MemberWarning.objects.filter(service=service).exists():
        return 0
    reminded_at = now - timedelta(days=40)
    posters = list(_posters(service, reminded_at))[:2]
    if len(posters) < 2:
        return 0
    (first, first_post), (second, _post) = posters
    privacy_at = now - timedelta(days=10)
    Kind = MemberWarning.Kind
    # The first member's second warning reaches the limit (2): a removal is proposed.
    warnings = [
        (first, first_post, "off_topic", Kind.OFF_TOPIC, reminded_at),
        (first, None, "offensive", Kind.WARNING, now - timedelta(days=3)),
        (second, _last_post(service, second, privacy_at), "privacy", Kind.WARNING, privacy_at),
    ]
    for membership, message, clause, kind, at in warnings:
        warn_member(
            role=moderator,
            membership=membership,
            message=message,
            clause=clause,
            kind=kind,
            at=at,
            send=False,
        )
    return len(warnings)


def _reports(service, now) -> int:
    if Report.objects.filter(service=service).exists():
        return 0
    reported_at = now - timedelta(hours=5)
    posters = list(_posters(service, reported_at))[2:5]
    if len(posters) < 3:
        return 0
    (_m1, post1), (second, _post2), (reporter, _p) = posters
    report_from_member(message=post1, reporter=reporter.member, at=reported_at, send=False)
    # A number posted in the group, flagged by the detector every group message goes through.
    posted_at = now - timedelta(hours=2)
    post2 = message_record(
        thread=group_thread_for(service),
        direction="in",
        member=second.member,
        text=PHONE_POST,
        at=posted_at,
    )
    flagged = personal_details_flag(message=post2, at=posted_at)
    return 1 + (flagged is not None)


def _join_request(service, now) -> int:
    started = now - timedelta(hours=6)
    member, created = member_for_identity(
        org=service.org,
        platform="sim",
        address=JOIN_ADDRESS,
        name="سعاد الأحمد",
        language="ar",
        at=started,
    )
    if not created:
        return 0
    intake = intake_start(
        service=service,
        channel=service.channels.filter(type="simulator").first(),
        member=member,
        source="join_request",
        at=started,
        send=False,
    )
    thread = private_thread_for(service, member)
    for minute, text in enumerate(JOIN_REPLIES, start=1):
        at = started + timedelta(minutes=minute)
        # The reply is in the thread as the dispatcher would have stored it, then answered.
        message_record(thread=thread, direction="in", text=text, at=at)
        intake_answer(intake=intake, text=text, at=at, send=False)
    return 1


def seed_community(service, moderator, now) -> dict:
    """Add the moderation and joining demo data the service lacks."""
    current = guidelines_current(service)
    if current is None or not current.clauses:
        guidelines_from_template(service=service, template="interactive")
    intake_questions_add_defaults(service=service)
    policy_for(service)
    role = moderator.staff_roles.get(service=service)
    return {
        "warnings_created": _warnings(service, role, now),
        "reports_created": _reports(service, now),
        "join_requests_created": _join_request(service, now),
    }

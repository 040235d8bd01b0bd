"""Reading posts: every read takes the staff role first and fails closed; the counts the
reports read take the service (reports check their own permission)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language

from passerelle.channels.replies import destinations_open
from passerelle.channels.selectors import group_destinations, send_summaries
from passerelle.channels.types.sms_twilio.segments import segments
from passerelle.common.text import pick_text
from passerelle.communities.models import Membership
from passerelle.conversations.reach import reach_for_many
from passerelle.members.models import Member
from passerelle.posts.languages import text_for
from passerelle.posts.models import Post, PostRecipient, PostType
from passerelle.surveys.selectors import audience_members

PAGE = 25
# Above this many members the composer's counts stop at the platform split (no reach read).
PREVIEW_LIMIT = 5000


def _allowed(role, capability: str = "publish") -> bool:
    return role is not None and role.can(capability)


def type_name(post_type: PostType, language: str | None = None) -> str:
    """A post type's name in the reader's language (else its first one)."""
    return str(pick_text(post_type.names, language or get_language() or "", "en")) or (
        post_type.slug
    )


def post_types_for(role, *, archived: bool = False):
    """The organisation's post types (without the archived ones unless asked)."""
    if not _allowed(role, "read"):
        return PostType.objects.none()
    rows = PostType.objects.filter(org_id=role.org_id)
    return rows if archived else rows.filter(archived_at__isnull=True)


def post_type_get(role, slug: str) -> PostType | None:
    """One post type of the role's organisation by its slug (None for any other)."""
    if not _allowed(role, "read") or not slug:
        return None
    return PostType.objects.filter(org_id=role.org_id, slug=slug).first()


def posts_for(role, *, q: str = "", state: str = "", type_slug: str = ""):
    """The posts the role's service wrote or received (a coalition's), newest first."""
    if not _allowed(role):
        return Post.objects.none()
    rows = Post.objects.filter(
        Q(service_id=role.service_id) | Q(services__id=role.service_id), org_id=role.org_id
    ).distinct()
    if state:
        rows = rows.filter(state=state)
    if type_slug:
        rows = rows.filter(post_type__slug=type_slug)
    if q:
        # Texts are a JSON object: searching its text form finds a word in any language.
        rows = rows.filter(texts__icontains=q)
    return rows.select_related("post_type", "created_by")


def post_get(role, post_id) -> Post:
    """One post of the role's service (404 for any other)."""
    post = posts_for(role).filter(pk=post_id).first()
    if post is None:
        raise Http404
    return post


def post_preview(post: Post) -> str:
    """The first line of the post, in the reader's language (for lists)."""
    text = str(pick_text(post.texts, get_language() or "", ""))
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first[:120]


def post_audience(post: Post, service):
    """The members of one service a private post goes to (active, not erased)."""
    if post.audience == Post.Audience.SEGMENT:
        return audience_members(service, post.segment)
    memberships = Membership.objects.filter(
        service=service, status=Membership.Status.ACTIVE, member__erased_at__isnull=True
    )
    return Member.objects.filter(pk__in=memberships.values("member_id")).order_by("pk")


def audience_preview(*, services, audience: str, segment: dict, texts: dict, now) -> dict:
    """What the composer shows before sending: how many members (or groups) a post reaches,
    how many only by an approved WhatsApp template, SMS segments per language and costs."""
    if audience == Post.Audience.GROUP:
        groups = [s for s in services if group_destinations(s.pk)]
        return {"groups": len(groups), "total": 0, "group": True}
    seen, total, needs_template, unreachable = set(), 0, 0, 0
    sms = Counter()  # language → SMS recipients
    for service in services:
        probe = Post(audience=audience, segment=segment)
        members = [m for m in post_audience(probe, service)[:PREVIEW_LIMIT] if m.pk not in seen]
        seen.update(m.pk for m in members)
        total += len(members)
        addresses = reach_for_many(members, service.pk)
        states = destinations_open(
            [pair for m in members for pair in addresses.get(m.pk, [])], now=now
        )
        for m in members:
            pairs = addresses.get(m.pk) or []
            open_ = [(c, a) for c, a in pairs if states[(c.pk, a)] == "open"]
            window = [(c, a) for c, a in pairs if states[(c.pk, a)] == "window"]
            if not open_:
                if any(c.type == "whatsapp" for c, _a in window):
                    needs_template += 1
                else:
                    unreachable += 1
                continue
            if any(c.type == "sms_twilio" for c, _a in open_):
                sms[text_for(texts, m.language, service.languages)[1]] += 1
    sms_rows, sms_cost = [], 0.0
    for language, count in sorted(sms.items()):
        encoding, parts = segments(texts.get(language, ""))
        cost = parts * count * settings.POST_SMS_SEGMENT_COST
        sms_cost += cost
        sms_rows.append(
            {"language": language, "members": count, "segments": parts, "encoding": encoding}
        )
    return {
        "group": False,
        "total": total,
        "needs_template": needs_template,
        "unreachable": unreachable,
        "sms": sms_rows,
        "sms_cost": round(sms_cost, 4),
        "template_cost": round(needs_template * settings.POST_WHATSAPP_TEMPLATE_COST, 4),
        "template_unit": settings.POST_WHATSAPP_TEMPLATE_COST,
        "segment_unit": settings.POST_SMS_SEGMENT_COST,
        "currency": settings.POST_COST_CURRENCY,
    }


def post_report(post: Post) -> dict:
    """A post's delivery: its recipients by state (why those not reached were not), and
    the platforms' word on every send its messages became (channels.send_summaries)."""
    recipients = Counter()
    reasons = Counter()
    message_ids, templated = [], 0
    rows = PostRecipient.objects.filter(post=post).values_list(
        "state", "unreachable_reason", "message_id", "with_template"
    )
    for state, reason, message_id, with_template in rows:
        recipients[state] += 1
        if reason:
            reasons[reason] += 1
        if message_id:
            message_ids.append(message_id)
        templated += with_template
    sends, failures, maybe_twice = Counter(), [], 0
    for start in range(0, len(message_ids), 500):
        for summary in send_summaries(message_ids[start : start + 500]).values():
            for state, _label, n in summary["states"]:
                sends[state] += n
            maybe_twice += summary["maybe_twice"]
            failures.extend(summary["failed"][: max(0, 10 - len(failures))])
    labels = dict(PostRecipient.Unreachable.choices)
    return {
        "recipients": post.recipient_count or sum(recipients.values()),
        "pending": recipients[PostRecipient.State.PENDING],
        "reached": recipients[PostRecipient.State.SENT],
        "templated": templated,
        "unreachable": [(labels.get(r, r), n) for r, n in reasons.most_common()],
        "sends": {
            "total": sum(sends.values()),
            "queued": sends["queued"] + sends["sending"],
            "sent": sends["sent"] + sends["delivered"] + sends["read"],
            "delivered": sends["delivered"] + sends["read"],
            "read": sends["read"],
            "failed": sends["failed"],
        },
        "failures": failures,
        "maybe_twice": maybe_twice,
    }


def published_by_type_days(service, start: datetime, end: datetime) -> dict[tuple, int]:
    """Posts that went to the service in [start, end), by (local day, post type slug): the
    usage report's "Posts published" and its lines by type. A post counts on the day it
    started going out; a coalition post counts in each of its services."""
    rows = Post.objects.filter(
        services=service,
        state__in=[Post.State.SENDING, Post.State.SENT],
        started_at__gte=start,
        started_at__lt=end,
    ).values_list("started_at", "post_type__slug")
    out: dict[tuple, int] = defaultdict(int)
    for started_at, slug in rows:
        out[(started_at.astimezone(service.tz).date(), slug)] += 1
    return out


def report_types(service) -> list[tuple[str, str]]:
    """(slug, name) of the organisation's post types in their order, for the report's lines:
    the archived ones too (their old posts still count)."""
    return [
        (t.slug, type_name(t))
        for t in PostType.objects.filter(org_id=service.org_id).order_by("position", "pk")
    ]


def by_day(days: dict[tuple, int], slug: str | None = None) -> dict[date, int]:
    """Daily totals of published_by_type_days, for one type or all of them."""
    out: dict[date, int] = defaultdict(int)
    for (day, s), n in days.items():
        if slug is None or s == slug:
            out[day] += n
    return out


def post_messages_by_day(service, start: datetime, end: datetime, *, group: bool):
    """The messages posts wrote in the service in [start, end) — in its group, or in members'
    private threads — by local day: the usage report tells them from what staff wrote
    from the inbox (a post to 2,000 members is one post, not 2,000 private messages)."""
    rows = PostRecipient.objects.filter(
        service=service,
        member__isnull=group,
        message_id__isnull=False,
        sent_at__gte=start,
        sent_at__lt=end,
    ).values_list("sent_at", flat=True)
    out: dict[date, int] = defaultdict(int)
    for sent_at in rows:
        out[sent_at.astimezone(service.tz).date()] += 1
    return out

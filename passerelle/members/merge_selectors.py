"""Reads for merging members: who may be the same person, and what a merge would move.

Kept apart from members.selectors (the hot reads of every inbound event)."""

from collections import defaultdict

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from passerelle.members.models import Identity, Member, MemberMerge

# Platforms whose address is a phone number: the same digits on two of them are likely
# one person (WhatsApp's wa_id has no "+": compare digits only).
PHONE_PLATFORMS = ("tel", "whatsapp")
CANDIDATES_MAX = 500
# What the confirmation page calls the rows a merge moves (else the model's own name).
MOVING_NAMES = {
    "members.Identity.member": _("Addresses"),
    "members.ConsentEvent.member": _("Consent records"),
    "members.StaffAccess.member": _("Staff access log entries"),
    "conversations.Thread.member": _("Private conversations"),
    "conversations.Message.member": _("Messages"),
    "communities.Membership.member": _("Memberships"),
    "prompts.Prompt.member": _("Questions the service asked them"),
    "questions.Question.member": _("Questions"),
    "referrals.Referral.member": _("Referrals"),
    "surveys.SurveyRecipient.member": _("Survey invitations"),
    "surveys.SurveyResponse.member": _("Survey answers"),
    "posts.PostRecipient.member": _("Posts received"),
    "events.Registration.member": _("Event registrations"),
    "moderation.Report.reporter": _("Reports they made"),
}


def _mergeable(role):
    if role is None or not role.can("merge_members"):
        raise Http404("No such page")
    ids = Member.objects.filter(
        org_id=role.org_id, merged_into__isnull=True, erased_at__isnull=True
    )
    in_service = (
        ids.filter(memberships__service_id=role.service_id)
        .values("pk")
        .union(ids.filter(threads__service_id=role.service_id).values("pk"))
    )
    return Member.objects.filter(pk__in=in_service)


def _digits(address: str) -> str:
    return "".join(ch for ch in address if ch.isdigit())


def merge_candidates(role, *, member=None) -> list[dict]:
    """Pairs of the role's service's members who may be one person: the same name, or the
    same phone number on SMS and WhatsApp. With `member`, only pairs with them."""
    members = _mergeable(role)
    reasons: dict[tuple[int, int], set] = defaultdict(set)
    by_phone: dict[str, set] = defaultdict(set)
    phones = Identity.objects.filter(member__in=members, platform__in=PHONE_PLATFORMS)
    if member is not None:
        # Only the numbers ending like theirs: the page of one member reads a few rows.
        mine = Q(pk__in=[])
        for address in member.identities.filter(platform__in=PHONE_PLATFORMS).values_list(
            "address", flat=True
        ):
            if len(digits := _digits(address)) >= 7:
                mine |= Q(address__endswith=digits[-7:])
        phones = phones.filter(mine)
    for member_id, address in phones.values_list("member_id", "address")[:50_000]:
        if len(digits := _digits(address)) >= 7:
            by_phone[digits].add(member_id)
    for ids in by_phone.values():
        if member is not None and member.pk not in ids:
            continue
        for pair in _pairs(ids):
            reasons[pair].add("phone")
    names = members.annotate(key=Lower("display_name"))
    if member is not None:
        names = names.filter(key=member.display_name.lower())
    same = names.values("key").annotate(n=Count("pk")).filter(n__gt=1).values_list("key", flat=True)
    by_name: dict[str, set] = defaultdict(set)
    for pk, key in names.filter(key__in=list(same[:CANDIDATES_MAX])).values_list("pk", "key"):
        by_name[key].add(pk)
    for ids in by_name.values():
        for pair in _pairs(ids):
            if member is None or member.pk in pair:
                reasons[pair].add("name")
    found = {m.pk: m for m in Member.objects.filter(pk__in={i for p in reasons for i in p})}
    return [
        {"a": found[a], "b": found[b], "reasons": sorted(why)}
        for (a, b), why in sorted(reasons.items())[:CANDIDATES_MAX]
        if a in found and b in found
    ]


def _pairs(ids):
    ids = sorted(ids)
    return [(x, y) for i, x in enumerate(ids) for y in ids[i + 1 :]]


def mergeable_get(role, member_id) -> Member:
    """A member of the role's service who may be merged (not erased, not merged), or 404."""
    if not str(member_id or "").isdigit():
        raise Http404("No such member")
    member = _mergeable(role).filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member")
    return member


def merge_moving(member) -> list[tuple[str, int]]:
    """What a merge of this member would move: (table's name, rows), tables with rows."""
    from passerelle.members.merge import member_foreign_keys

    out = []
    for fk in member_foreign_keys():
        label, name = fk.rsplit(".", 1)
        if label.startswith("members.Member"):
            continue  # the member row itself and the merge records
        model = apps.get_model(label)
        if n := model.objects.filter(**{name: member}).count():
            out.append((str(MOVING_NAMES.get(fk, model._meta.verbose_name_plural)), n))
    return out


def merges_of(role, member) -> list[MemberMerge]:
    """The merges into this member, or of this member, newest first."""
    if role is None or not role.can("merge_members"):
        return []
    return list(
        MemberMerge.objects.filter(Q(kept=member) | Q(merged=member), service_id=role.service_id)
        .select_related("kept", "merged", "created_by", "undone_by")
        .order_by("-created_at", "-id")
    )


def merge_get(role, merge_id) -> MemberMerge:
    """One merge made in the role's service, or 404."""
    if role is None or not role.can("merge_members") or not str(merge_id).isdigit():
        raise Http404("No such merge")
    merge = (
        MemberMerge.objects.filter(pk=merge_id, service_id=role.service_id)
        .select_related("kept", "merged")
        .first()
    )
    if merge is None:
        raise Http404("No such merge")
    return merge

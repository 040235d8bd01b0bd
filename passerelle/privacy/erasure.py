"""Erasing one person's data at their request, in one transaction, every table at once.

Each app erases what it writes (one writer per table): conversations turns their messages
into placeholders and takes their name out of others' answers to them, communities blanks
membership notes and intake answers, moderation its notes, referrals stops follow-ups,
posts forget which posts reached them, events their registrations, cases deletes case
notes and calls and blanks the client file's free text, members blanks the
name and replaces addresses, and the pipeline forgets raw bodies, logs and sends by
address. Kinds, labels and times stay, so the monthly statistics do not move. One
MemberErasure row says who erased, when and why (docs/privacy.md).
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.cases.services import client_files_erase_for_member
from passerelle.channels.privacy import addresses_erase
from passerelle.communities.models import Membership
from passerelle.communities.services import memberships_erase
from passerelle.conversations.models import Thread
from passerelle.conversations.services import messages_erase_for_member, messages_name_scrub
from passerelle.events.services import registrations_erase_for_member
from passerelle.members.models import Identity, Member, StaffAccess
from passerelle.members.services import member_personal_erase, staff_access_record
from passerelle.moderation.services import moderation_records_erase
from passerelle.orgs.models import CAPABILITIES, Service, StaffRole
from passerelle.orgs.permissions import require
from passerelle.posts.services import post_recipients_erase_for_member
from passerelle.privacy.models import MemberErasure
from passerelle.prompts.services import prompts_erase_for_member
from passerelle.questions.models import Answer
from passerelle.referrals.services import referrals_erase_for_member
from passerelle.surveys.responses import surveys_erase_for_member

MAX_REASON = 500


def services_of(member) -> list[Service]:
    """Every service of the organization that holds data about the person."""
    ids = set(Membership.objects.filter(member=member).values_list("service_id", flat=True))
    ids |= set(Thread.objects.filter(member=member).values_list("service_id", flat=True))
    return list(Service.objects.filter(pk__in=ids).order_by("name"))


def _admin_log_scrub(member) -> None:
    # Django's admin log keeps each object's str(): a member's name, an identity's address.
    for model, ids in (
        (Member, [member.pk]),
        (Identity, list(member.identities.values_list("pk", flat=True))),
    ):
        kind = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(content_type=kind, object_id__in=[str(i) for i in ids]).update(
            object_repr=Member.ERASED_NAME, change_message=""
        )


def member_erase(*, member, reason: str, actor=None, service=None, via="web", at=None):
    """Erase a person's data in every service of the organization (see the module)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the data is erased (without personal details)."))
    if len(reason) > MAX_REASON:
        raise ValidationError(_("Keep the reason under %(n)d characters.") % {"n": MAX_REASON})
    at = at or timezone.now()
    with transaction.atomic():
        locked = Member.objects.select_for_update().filter(pk=member.pk).first()
        if locked is None or locked.erased_at is not None:
            raise ValidationError(_("This person's data was already erased."))
        message_ids = messages_erase_for_member(member=locked)
        # Answers to the person's questions may greet them by name: those lose it.
        answers = Answer.objects.filter(question__member=locked).values_list(
            "message_id", flat=True
        )
        named = messages_name_scrub(
            org_id=locked.org_id,
            full_name=locked.display_name,
            erased_ids=message_ids,
            related_ids=list(answers),
        )
        memberships_erase(member=locked, at=at)
        moderation_records_erase(member=locked, message_ids=message_ids)
        referrals_erase_for_member(member=locked)
        client_files_erase_for_member(member=locked)
        prompts_erase_for_member(member=locked)
        surveys_erase_for_member(member=locked)
        post_recipients_erase_for_member(member=locked)
        registrations_erase_for_member(member=locked)
        addresses = member_personal_erase(member=locked, at=at)
        addresses_erase(
            org_id=locked.org_id, addresses=addresses, source_ids=message_ids, rewritten=named
        )
        _admin_log_scrub(locked)
        erasure = MemberErasure.objects.create(
            org_id=locked.org_id,
            service=service,
            member=locked,
            actor=actor,
            via=via,
            reason=reason,
            created_at=at,
        )
        if service is not None:
            staff_access_record(
                service=service,
                member=locked,
                user=actor,
                kind=StaffAccess.Kind.ERASE,
                detail=via,
                at=at,
            )
    member.display_name, member.erased_at = locked.display_name, locked.erased_at
    return erasure


def erase_blockers(role, member) -> list[Service]:
    """Services holding the person's data where this staff member may not erase it."""
    allowed = set(
        StaffRole.objects.filter(user=role.user, role__in=_erasing_roles()).values_list(
            "service_id", flat=True
        )
    )
    return [s for s in services_of(member) if s.pk not in allowed]


def _erasing_roles() -> list[str]:
    return [str(r) for r, capabilities in CAPABILITIES.items() if "erase" in capabilities]


def member_erase_checked(*, role, member, reason: str):
    """An administrator erases a member of their service from the member page; the person's
    other services of the organization must be theirs to erase too."""
    require(role, "erase")
    if member.org_id != role.org_id:
        raise PermissionDenied(_("You are not allowed to do this in this service."))
    if blocked := erase_blockers(role, member):
        raise PermissionDenied(
            _(
                "This person is also in %(services)s: an administrator of every service "
                "they are in must erase, or an operator runs `passerelle member erase`."
            )
            % {"services": ", ".join(s.name for s in blocked)}
        )
    return member_erase(
        member=member, reason=reason, actor=role.user, service=role.service, via="web"
    )

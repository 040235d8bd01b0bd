"""Writes for services and memberships; every membership change writes an event row."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.common.memo import once
from passerelle.communities import guidelines_templates
from passerelle.communities.models import (
    Guidelines,
    Intake,
    IntakeAnswer,
    IntakeQuestion,
    Membership,
    MembershipEvent,
    Service,
    ServicePolicy,
    ServiceText,
)
from passerelle.communities.texts import DEFAULT_QUESTIONS, EDITABLE
from passerelle.conversations.services import group_thread_for
from passerelle.orgs.permissions import require

CLAUSE_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def service_create(
    *,
    org,
    slug,
    name,
    languages,
    timezone_name,
    mode=Service.Mode.INTERACTIVE,
    purpose=None,
    audience="",
) -> Service:
    """Create a service; its group thread exists from the start. `purpose` is a text per
    language ({"ar": …}); a plain text is the default language's."""
    if isinstance(purpose, str):
        purpose = {languages[0] if languages else "en": purpose} if purpose else {}
    service = Service(
        org=org,
        slug=slug,
        name=name,
        languages=list(languages),
        timezone=timezone_name,
        mode=mode,
        purpose=dict(purpose or {}),
        audience=audience,
    )
    service.full_clean()
    with transaction.atomic():
        service.save()
        group_thread_for(service)
    return service


def _clean_clauses(clauses) -> list[dict]:
    cleaned, seen = [], set()
    for clause in clauses or []:
        key = (clause.get("key") or "").strip()
        if not CLAUSE_KEY.match(key):
            raise ValidationError(
                _("A clause key uses lowercase letters, digits and _: %(k)s") % {"k": key or "—"}
            )
        if key in seen:
            raise ValidationError(_("Two clauses have the key %(k)s.") % {"k": key})
        seen.add(key)
        title = {k: v.strip() for k, v in (clause.get("title") or {}).items() if v and v.strip()}
        text = {k: v.strip() for k, v in (clause.get("text") or {}).items() if v and v.strip()}
        if not title or not text:
            raise ValidationError(_("Clause %(k)s needs a title and a text.") % {"k": key})
        cleaned.append({"key": key, "title": title, "text": text})
    return cleaned


def guidelines_publish(*, service, texts: dict, clauses=None, actor=None) -> Guidelines:
    """Publish a new version of the guidelines (older versions stay for the record)."""
    clauses = _clean_clauses(clauses)
    texts = {k: v.strip() for k, v in (texts or {}).items() if v and v.strip()}
    if not texts and not clauses:
        raise ValidationError(_("Guidelines need an introduction or at least one clause."))
    with transaction.atomic():
        last = service.guidelines.select_for_update().order_by("-version").first()
        return Guidelines.objects.create(
            org=service.org,
            service=service,
            version=(last.version + 1 if last else 1),
            texts=texts,
            clauses=clauses,
            created_by=actor,
        )


def guidelines_publish_checked(*, role, texts: dict, clauses) -> Guidelines:
    """An administrator publishes a new version from the guidelines page."""
    require(role, "configure")
    return guidelines_publish(service=role.service, texts=texts, clauses=clauses, actor=role.user)


def guidelines_from_template(*, service, template: str, actor=None) -> Guidelines:
    """Publish a version made from one of the two Annex 3-style templates."""
    chosen = guidelines_templates.TEMPLATES.get(template)
    if chosen is None:
        raise ValidationError(_("Unknown guidelines template."))
    intro, clauses = guidelines_templates.filled(chosen, service.name)
    # In the service's languages, when the template has them (it has en, fr and ar).
    keep = set(service.languages or ()) & set(intro)
    if keep:
        intro = {k: v for k, v in intro.items() if k in keep}
        clauses = [
            {
                **c,
                "title": {k: v for k, v in c["title"].items() if k in keep},
                "text": {k: v for k, v in c["text"].items() if k in keep},
            }
            for c in clauses
        ]
    return guidelines_publish(service=service, texts=intro, clauses=clauses, actor=actor)


def guidelines_current(service) -> Guidelines | None:
    """The version members accept today."""
    return once(
        ("guidelines_current", service.pk), lambda: service.guidelines.order_by("-version").first()
    )


def policy_for(service) -> ServicePolicy:
    """The service's admission and removal settings, created with defaults on first use."""
    return once(("service_policy", service.pk), lambda: _policy_read(service))


def _policy_read(service) -> ServicePolicy:
    if Service.policy.is_cached(service):
        # Read along with something else (select_related("service__policy")).
        try:
            return service.policy
        except ServicePolicy.DoesNotExist:
            pass
    policy, _created = ServicePolicy.objects.get_or_create(
        service=service, defaults={"org_id": service.org_id}
    )
    return policy


def policy_update(*, role, **values) -> ServicePolicy:
    """An administrator changes the admission and removal settings."""
    require(role, "configure")
    policy = policy_for(role.service)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


def service_text_set(*, role, key: str, texts: dict) -> ServiceText | None:
    """An administrator rewords a member-facing text; empty texts go back to the default."""
    require(role, "configure")
    if key not in EDITABLE:
        raise ValidationError(_("This text cannot be changed."))
    texts = {k: v.strip() for k, v in texts.items() if v and v.strip()}
    if not texts:
        ServiceText.objects.filter(service=role.service, key=key).delete()
        return None
    row, _created = ServiceText.objects.update_or_create(
        service=role.service, key=key, defaults={"org_id": role.service.org_id, "texts": texts}
    )
    return row


def service_purpose_set(*, role, texts: dict) -> Service:
    """An administrator writes what the service is for, per language (the default first)."""
    require(role, "configure")
    service = role.service
    texts = {k: v.strip() for k, v in texts.items() if v and v.strip()}
    if texts and not texts.get(service.default_language):
        raise ValidationError(_("Write the purpose in the service's default language too."))
    # Languages the service no longer lists keep their text.
    kept = {k: v for k, v in (service.purpose or {}).items() if k not in service.languages}
    service.purpose = {**kept, **texts}
    service.save(update_fields=["purpose"])
    return service


def service_mode_set(*, role, mode: str) -> Service:
    """An administrator says who posts in the group; a one-way group refuses members'
    posts from then on (routing.community.one_way_redirect), on every channel."""
    require(role, "configure")
    if mode not in Service.Mode.values:
        raise ValidationError(_("Choose one of the listed modes."))
    service = role.service
    service.mode = mode
    service.save(update_fields=["mode"])
    return service


def intake_question_save(*, role, question: IntakeQuestion) -> IntakeQuestion:
    """An administrator adds or changes a join question."""
    require(role, "configure")
    question.service, question.org_id = role.service, role.service.org_id
    if question.kind != IntakeQuestion.Kind.CHOICE:
        question.choices = []
    if question.kind == IntakeQuestion.Kind.TEXT:
        question.qualifying = []
    question.full_clean()
    question.save()
    return question


def intake_questions_add_defaults(*, service) -> int:
    """Add the usual questions (area, arrival, preferred help) the service lacks."""
    added = 0
    for position, spec in enumerate(DEFAULT_QUESTIONS, start=1):
        _row, created = IntakeQuestion.objects.get_or_create(
            service=service,
            key=spec["key"],
            defaults={
                "org_id": service.org_id,
                "position": position * 10,
                "kind": spec["kind"],
                "prompts": spec["prompts"],
                "choices": spec.get("choices", []),
                "required": spec["required"],
                "qualifying": spec["qualifying"],
            },
        )
        added += created
    return added


def membership_event_add(*, membership, kind, actor=None, reason="", data=None, at=None, clause=""):
    """Record one change to a membership."""
    return MembershipEvent.objects.create(
        org_id=membership.org_id,
        service_id=membership.service_id,
        membership=membership,
        kind=kind,
        actor=actor,
        reason=reason,
        clause=clause,
        data=data or {},
        created_at=at or timezone.now(),
    )


def membership_ensure(*, service, member, via: str = "", at=None) -> Membership:
    """The member's membership, created active (with a `joined` event) on first contact."""
    membership = Membership.objects.filter(service=service, member=member).first()
    if membership is not None:
        return membership
    at = at or timezone.now()
    membership = Membership.objects.create(
        org_id=service.org_id,
        service=service,
        member=member,
        status=Membership.Status.ACTIVE,
        joined_at=at,
    )
    membership_event_add(
        membership=membership, kind=MembershipEvent.Kind.JOINED, data={"via": via}, at=at
    )
    return membership


def membership_leave(*, membership, via: str, actor=None, reason="", at=None, data=None) -> bool:
    """End a membership because the person left; False if it had already ended."""
    at = at or timezone.now()
    updated = Membership.objects.filter(pk=membership.pk, status=Membership.Status.ACTIVE).update(
        status=Membership.Status.LEFT, ended_at=at, muted_until=None
    )
    if updated:
        membership.status, membership.ended_at = Membership.Status.LEFT, at
        membership_event_add(
            membership=membership,
            kind=MembershipEvent.Kind.LEFT,
            actor=actor,
            reason=reason,
            data={"via": via, **(data or {})},
            at=at,
        )
    return bool(updated)


def membership_remove(
    *, membership, reason: str, actor=None, clause: str = "", at=None, data=None
) -> MembershipEvent | None:
    """End an active membership by a removal (a ban); None if it was not active."""
    at = at or timezone.now()
    with transaction.atomic():
        updated = Membership.objects.filter(
            pk=membership.pk, status=Membership.Status.ACTIVE
        ).update(status=Membership.Status.REMOVED, ended_at=at, muted_until=None)
        if not updated:
            return None
        membership.status, membership.ended_at = Membership.Status.REMOVED, at
        membership.muted_until = None
        return membership_event_add(
            membership=membership,
            kind=MembershipEvent.Kind.REMOVED,
            actor=actor,
            reason=reason,
            clause=clause,
            data=data,
            at=at,
        )


def membership_readmit(*, membership, note: str, actor=None, at=None) -> MembershipEvent | None:
    """Make a removed membership active again; None if it was not removed."""
    at = at or timezone.now()
    with transaction.atomic():
        updated = Membership.objects.filter(
            pk=membership.pk, status=Membership.Status.REMOVED
        ).update(status=Membership.Status.ACTIVE, ended_at=None)
        if not updated:
            return None
        membership.status, membership.ended_at = Membership.Status.ACTIVE, None
        return membership_event_add(
            membership=membership,
            kind=MembershipEvent.Kind.READMITTED,
            actor=actor,
            reason=note,
            at=at,
        )


def membership_mute(
    *, membership, until, actor=None, reason: str = "", clause: str = "", at=None, data=None
) -> MembershipEvent:
    """Stop a membership from posting until a time."""
    at = at or timezone.now()
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(muted_until=until)
        membership.muted_until = until
        return membership_event_add(
            membership=membership,
            kind=MembershipEvent.Kind.MUTED,
            actor=actor,
            reason=reason,
            clause=clause,
            data=data,
            at=at,
        )


def membership_unmute(*, membership, actor=None, at=None) -> MembershipEvent | None:
    """Lift a mute that is still running; None if the membership was not muted."""
    at = at or timezone.now()
    with transaction.atomic():
        if not Membership.objects.filter(pk=membership.pk, muted_until__gt=at).update(
            muted_until=None
        ):
            return None
        membership.muted_until = None
        return membership_event_add(
            membership=membership, kind=MembershipEvent.Kind.UNMUTED, actor=actor, at=at
        )


# What a membership event's details may keep once the person is erased: ids, counts,
# versions, how it happened. Free text (a deleted post's words, feedback) goes.
_ERASURE_KEPT_DATA = frozenset(
    {
        "via",
        "source",
        "kind",
        "automatic",
        "intake",
        "warning",
        "message",
        "proposal",
        "reports",
        "count",
        "limit",
        "warnings",
        "clause_number",
        "guidelines_version",
        "version",
        "from",
        "to",
        "until",
        "hours",
        "feedback_asked",
    }
)


def memberships_erase(*, member, at=None) -> int:
    """Erase what the person's memberships hold about them (inside privacy.erasure's
    transaction): event reasons and free-text details, intake answers, exit feedback,
    platform parameters. Kinds and times stay, so the monthly counts stay. A membership
    still going ends now (`left`, via erasure), an unfinished join request is withdrawn;
    the person is not told (they asked for this, and their addresses are going)."""
    at = at or timezone.now()
    memberships = list(Membership.objects.filter(member=member))
    for event in MembershipEvent.objects.filter(membership__member=member):
        kept = {k: v for k, v in (event.data or {}).items() if k in _ERASURE_KEPT_DATA}
        MembershipEvent.objects.filter(pk=event.pk).update(reason="", data=kept)
    IntakeAnswer.objects.filter(intake__membership__member=member).update(value="", raw="")
    Intake.objects.filter(membership__member=member, state__in=Intake.OPEN_STATES).update(
        state=Intake.State.WITHDRAWN, decided_at=at
    )
    Intake.objects.filter(membership__member=member).update(platform_params={}, decision_reason="")
    ended = 0
    for membership in memberships:
        if membership.status == Membership.Status.ACTIVE:
            ended += membership_leave(membership=membership, via="erasure", at=at)
        elif membership.status == Membership.Status.PENDING:
            Membership.objects.filter(pk=membership.pk).update(
                status=Membership.Status.WITHDRAWN, ended_at=at
            )
            membership_event_add(
                membership=membership,
                kind=MembershipEvent.Kind.REQUEST_WITHDRAWN,
                data={"via": "erasure"},
                at=at,
            )
            ended += 1
    return ended

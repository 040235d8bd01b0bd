"""Writes of the planning documents. Each takes the staff role first, checks "plan",
owns its transaction and records who changed what (a new version, or a PlanningEvent)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.orgs.models import StaffRole
from passerelle.orgs.permissions import require
from passerelle.planning import maturity, platforms, readiness
from passerelle.planning.models import (
    ChecklistVersion,
    Document,
    Level,
    MaturityAssessment,
    PlanningEvent,
    PolicyVersion,
    Rating,
    Risk,
)
from passerelle.planning.policy_templates import kinds_for
from passerelle.planning.risks import SEEDS, seed_texts

EDIT = "plan"


def _event(*, role, document, action, summary="", at=None, service=True):
    PlanningEvent.objects.create(
        org_id=role.org_id,
        service_id=role.service_id if service else None,
        document=document,
        action=action,
        summary=summary[:300],
        actor=role.user,
        created_at=at or timezone.now(),
    )


def readiness_save(*, role, answers: dict, purposes: list, purpose_other: str = "", at=None):
    """A new version of the readiness checklist: {key: (answer, explanation)} per statement."""
    require(role, EDIT)
    clean = {}
    for key in readiness.STATEMENT_KEYS:
        answer, explanation = answers.get(key, ("", ""))
        if answer not in ("", *readiness.ANSWER_KEYS):
            raise ValidationError(_("Unknown answer: %(answer)s") % {"answer": answer})
        clean[key] = {"answer": answer, "explanation": (explanation or "").strip()}
    unknown = set(purposes) - set(readiness.PURPOSE_KEYS)
    if unknown:
        raise ValidationError(_("Unknown purpose: %(purpose)s") % {"purpose": sorted(unknown)[0]})
    data = {
        "answers": clean,
        "purposes": [p for p in readiness.PURPOSE_KEYS if p in purposes],
        "purpose_other": (purpose_other or "").strip(),
    }
    return _checklist_save(role, ChecklistVersion.Kind.READINESS, data, at)


def platform_checklist_save(*, role, ratings: dict, own: list, at=None):
    """A new version of the platform-choice checklist: {factor: rating} and the
    organisation's own factors as [(factor, rating)]."""
    require(role, EDIT)
    allowed = ("", *platforms.RATING_KEYS)
    clean = {}
    for key in platforms.FACTOR_KEYS:
        rating = ratings.get(key, "")
        if rating not in allowed:
            raise ValidationError(_("Unknown rating: %(rating)s") % {"rating": rating})
        clean[key] = rating
    own_rows = []
    for factor, rating in own:
        factor = (factor or "").strip()
        if not factor:
            continue
        if rating not in allowed:
            raise ValidationError(_("Unknown rating: %(rating)s") % {"rating": rating})
        own_rows.append({"factor": factor, "rating": rating})
    return _checklist_save(
        role, ChecklistVersion.Kind.PLATFORM, {"ratings": clean, "own": own_rows}, at
    )


def _checklist_save(role, kind, data, at):
    at = at or timezone.now()
    with transaction.atomic():
        version = ChecklistVersion.objects.create(
            org_id=role.org_id,
            service_id=role.service_id,
            kind=kind,
            data=data,
            author=role.user,
            created_at=at,
        )
        _event(role=role, document=kind, action="saved", at=at)
    return version


def policy_save(*, role, kind: str, language: str, text: str, at=None) -> PolicyVersion:
    """A new version of one policy in one of the service's languages."""
    require(role, EDIT)
    if kind not in dict(kinds_for(role.service)):
        raise ValidationError(_("This service has no such policy."))
    if language not in (role.service.languages or ["en"]):
        raise ValidationError(_("This service does not use this language."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("A policy cannot be empty."))
    at = at or timezone.now()
    with transaction.atomic():
        version = PolicyVersion.objects.create(
            org_id=role.org_id,
            service_id=role.service_id,
            kind=kind,
            language=language,
            text=text,
            author=role.user,
            created_at=at,
        )
        _event(
            role=role,
            document=Document.POLICIES,
            action="saved",
            summary=f"{kind}/{language}",
            at=at,
        )
    return version


def risk_register_start(*, service, at=None) -> int:
    """Give a service the risks the seeds name, in its languages, once: the number added.

    Idempotent (a seeded row already there, even edited, is not added again; a deleted one
    is not brought back once the register has started). The service set-up calls it when
    a service is created; the register page calls it for services created before.
    """
    at = at or timezone.now()
    with transaction.atomic():
        started = PlanningEvent.objects.filter(
            service=service, document=Document.RISKS, action="started"
        ).exists()
        if started:
            return 0
        for key, category, likelihood, impact, residual, texts in SEEDS:
            risk, mitigation = seed_texts(texts, service.languages)
            Risk.objects.create(
                org_id=service.org_id,
                service=service,
                seed_key=key,
                risk=risk,
                category=category,
                likelihood=likelihood,
                impact=impact,
                residual=residual,
                mitigation=mitigation,
                created_at=at,
                updated_at=at,
            )
        PlanningEvent.objects.create(
            org_id=service.org_id,
            service=service,
            document=Document.RISKS,
            action="started",
            created_at=at,
        )
    return len(SEEDS)


def _owner_check(role, owner_id):
    if owner_id is None:
        return None
    ok = StaffRole.objects.filter(service_id=role.service_id, user_id=owner_id).exists()
    if not ok:
        raise ValidationError(_("The owner must be a staff member of this service."))
    return owner_id


def _risk_values(role, fields: dict) -> dict:
    risk = {k: (v or "").strip() for k, v in (fields.get("risk") or {}).items()}
    if not any(risk.values()):
        raise ValidationError(_("Describe the risk in at least one language."))
    if fields["category"] not in Risk.Category.values:
        raise ValidationError(_("Unknown category."))
    for name in ("likelihood", "impact"):
        if int(fields[name]) not in Level.values:
            raise ValidationError(_("Likelihood and impact are 1, 2 or 3."))
    if fields["residual"] not in Rating.values:
        raise ValidationError(_("Unknown rating: %(rating)s") % {"rating": fields["residual"]})
    review_on = fields.get("review_on")
    if review_on is not None and not isinstance(review_on, date):
        raise ValidationError(_("Enter a valid review date."))
    return {
        "risk": risk,
        "category": fields["category"],
        "likelihood": int(fields["likelihood"]),
        "impact": int(fields["impact"]),
        "mitigation": {k: (v or "").strip() for k, v in (fields.get("mitigation") or {}).items()},
        "owner_id": _owner_check(role, fields.get("owner_id")),
        "residual": fields["residual"],
        "review_on": review_on,
    }


def risk_add(*, role, at=None, **fields) -> Risk:
    """A new row: risk and mitigation {language: text}, category, likelihood, impact,
    residual, owner_id (a staff member of the service or None), review_on."""
    require(role, EDIT)
    values = _risk_values(role, fields)
    at = at or timezone.now()
    with transaction.atomic():
        risk = Risk.objects.create(
            org_id=role.org_id, service_id=role.service_id, created_at=at, updated_at=at, **values
        )
        _event(role=role, document=Document.RISKS, action="added", summary=_first(values), at=at)
    return risk


def risk_update(*, role, row: Risk, at=None, **fields) -> Risk:
    """Change one row of the register (same fields as risk_add)."""
    require(role, EDIT, row.service_id)
    values = _risk_values(role, fields)
    at = at or timezone.now()
    with transaction.atomic():
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = at
        row.save()
        _event(role=role, document=Document.RISKS, action="changed", summary=_first(values), at=at)
    return row


def risk_delete(*, role, row: Risk) -> None:
    """Delete one row (the page asks for confirmation first)."""
    require(role, EDIT, row.service_id)
    with transaction.atomic():
        summary = next((t for t in row.risk.values() if t), "")
        row.delete()
        _event(role=role, document=Document.RISKS, action="deleted", summary=summary)


def _first(values):
    return next((t for t in values["risk"].values() if t), "")


def maturity_assess(*, role, scores: dict, notes: dict, at=None) -> MaturityAssessment:
    """A new self-assessment of the organisation (of the role's service): a level per
    domain, notes per domain. The previous ones stay as its history."""
    require(role, EDIT)
    levels = {value for value, _n, _m in maturity.LEVELS}
    clean_scores, clean_notes = {}, {}
    for key in maturity.DOMAIN_KEYS:
        try:
            level = int(scores.get(key))
        except (TypeError, ValueError):
            raise ValidationError(_("Give every domain a level.")) from None
        if level not in levels:
            raise ValidationError(_("Give every domain a level."))
        clean_scores[key] = level
        note = (notes.get(key) or "").strip()
        if note:
            clean_notes[key] = note
    at = at or timezone.now()
    with transaction.atomic():
        found = MaturityAssessment.objects.create(
            org_id=role.org_id,
            scores=clean_scores,
            notes=clean_notes,
            author=role.user,
            created_at=at,
        )
        _event(role=role, document=Document.MATURITY, action="assessed", at=at)
    return found

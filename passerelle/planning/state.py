"""Where each planning document stands, for the Planning page: not started, to review
(something open, a "no" or a doubt, a review past due) or filled."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from passerelle.planning import platforms, readiness, selectors
from passerelle.planning.models import ChecklistVersion
from passerelle.planning.policy_templates import kinds_for

NOT_STARTED, TO_REVIEW, FILLED = "not_started", "to_review", "filled"
LABELS = {NOT_STARTED: _("Not started"), TO_REVIEW: _("To review"), FILLED: _("Filled")}
# The toolkit reviews the plan yearly; an assessment older than that is to be done again.
MATURITY_VALID = timedelta(days=365)


@dataclasses.dataclass
class Standing:
    state: str
    why: str = ""

    @property
    def label(self):
        return LABELS[self.state]


def readiness_standing(role) -> Standing:
    version = selectors.checklist_version(role, ChecklistVersion.Kind.READINESS)
    if version is None:
        return Standing(NOT_STARTED)
    if readiness.must_stop(version.data):
        return Standing(
            TO_REVIEW, str(_("A statement is answered “no”, with doubts, or not at all."))
        )
    return Standing(FILLED)


def platform_standing(role) -> Standing:
    version = selectors.checklist_version(role, ChecklistVersion.Kind.PLATFORM)
    if version is None:
        return Standing(NOT_STARTED)
    ratings = version.data.get("ratings", {})
    if any(not ratings.get(key) for key in platforms.FACTOR_KEYS):
        return Standing(TO_REVIEW, str(_("Some factors are not rated.")))
    return Standing(FILLED)


def policies_standing(role) -> Standing:
    latest = selectors.policies_latest(role)
    if not latest:
        return Standing(NOT_STARTED)
    languages = role.service.languages or ["en"]
    missing = [
        (k, lang)
        for k, _n in kinds_for(role.service)
        for lang in languages
        if (k, lang) not in latest
    ]
    if missing:
        return Standing(TO_REVIEW, str(_("Some policies are not saved in every language.")))
    return Standing(FILLED)


def risks_standing(role, today: date) -> Standing:
    if not selectors.register_started(role):
        return Standing(NOT_STARTED)
    rows = selectors.risks_for(role)
    if any(r.review_on and r.review_on < today for r in rows):
        return Standing(TO_REVIEW, str(_("A review date has passed.")))
    if any(r.owner_id is None or r.review_on is None for r in rows):
        return Standing(TO_REVIEW, str(_("Some risks have no owner or no review date.")))
    return Standing(FILLED)


def maturity_standing(role, today: date) -> Standing:
    found = selectors.assessments_for(role, limit=1)
    if not found:
        return Standing(NOT_STARTED)
    if found[0].created_at.date() < today - MATURITY_VALID:
        return Standing(TO_REVIEW, str(_("The last assessment is more than a year old.")))
    return Standing(FILLED)

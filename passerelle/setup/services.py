"""Setting a service up: the wizard's last step, through each app's own services (the
`service create` command makes the same service with communities.services.service_create)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from passerelle.communities.services import guidelines_from_template, service_create
from passerelle.orgs.selectors import organisations_administered
from passerelle.orgs.services import service_admin_give
from passerelle.questions.services import standard_for, standard_save

# The fields of questions.ServiceStandard the wizard's standard step sets.
STANDARD_FIELDS = (
    "target_hours",
    "counting",
    "opening_hours",
    "closure_days",
    "subdivision",
    "acknowledgement_stops_clock",
    "warn_before_minutes",
    "email_alerts",
    "digest_hour",
    "after_hours_reply",
    "referral_followup_days",
)


def service_set_up(
    *,
    actor,
    org,
    slug: str,
    name: str,
    languages: list[str],
    timezone_name: str,
    mode: str,
    purpose: dict,
    audience: str,
    planning_answers: dict,
    standard: dict,
    guidelines_template: str = "",
):
    """Create a service with everything the wizard asked, in one transaction: the
    service (and its group thread), the toolkit's answers, its creator as administrator,
    the service standard (`standard`: values of STANDARD_FIELDS) and guidelines from a
    template. Only an organisation administrator (an administrator of one of its services)
    may; returns the creator's new StaffRole."""
    if not organisations_administered(actor).filter(pk=org.pk).exists():
        raise PermissionDenied(_("Only the organisation's administrators set up services."))
    with transaction.atomic():
        service = service_create(
            org=org,
            slug=slug,
            name=name,
            languages=languages,
            timezone_name=timezone_name,
            mode=mode,
            purpose=purpose,
            audience=audience,
        )
        service.planning_answers = dict(planning_answers)
        service.save(update_fields=["planning_answers"])
        role = service_admin_give(service=service, user=actor)
        row = standard_for(service)
        for field in STANDARD_FIELDS:
            if field in standard:
                setattr(row, field, standard[field])
        standard_save(role=role, standard=row)
        if guidelines_template:
            guidelines_from_template(service=service, template=guidelines_template, actor=actor)
    return role

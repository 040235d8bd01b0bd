"""Emails to moderators: a question about to breach or breached, and the daily digest."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelle.orgs.models import Role, StaffRole
from passerelle.questions.models import Question, QuestionEvent, ServiceStandard

log = logging.getLogger(__name__)


def moderator_emails(service) -> list[str]:
    """Addresses of the service's moderators (volunteers too) and administrators."""
    roles = StaffRole.objects.filter(
        service=service, role__in=[Role.ADMIN, Role.MODERATOR, Role.VOLUNTEER]
    ).select_related("user")
    return sorted({r.user.email for r in roles if r.user.email and r.user.is_active})


def _recipients(question: Question) -> list[str]:
    assignee = question.assignee
    if assignee is not None and assignee.email and assignee.is_active:
        return [assignee.email]
    return moderator_emails(question.service)


def _link(question: Question) -> str:
    return settings.PUBLIC_URL + reverse(
        "questions:detail", args=[question.service.slug, question.pk]
    )


def _local(moment, tz) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else "—"


def question_alert_email(question_id: int, kind: str) -> int:
    """Email one alert if the service wants email; returns how many messages went out."""
    question = (
        Question.objects.select_related("service", "assignee", "message", "member")
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        return 0
    standard = ServiceStandard.objects.filter(service=question.service).first()
    if standard is None or not standard.email_alerts:
        return 0
    recipients = _recipients(question)
    if not recipients:
        log.warning("question %s: nobody to alert by email", question.pk)
        return 0
    tz = question.service.tz
    if kind == QuestionEvent.Kind.OVERDUE:
        subject = _("[%(service)s] Question overdue") % {"service": question.service.name}
    else:
        subject = _("[%(service)s] Question due soon") % {"service": question.service.name}
    body = "\n".join(
        [
            question.message.text[:500],
            "",
            _("From: %(name)s")
            % {"name": question.member.display_name if question.member else "—"},
            _("Received: %(at)s") % {"at": _local(question.received_at, tz)},
            _("Due: %(at)s") % {"at": _local(question.due_at, tz)},
            _("Status: %(status)s") % {"status": question.get_status_display()},
            "",
            _link(question),
        ]
    )
    return send_mail(subject, body, None, recipients, fail_silently=False)


def digest_email(standard: ServiceStandard, overdue: list[Question]) -> int:
    """Email the list of overdue questions to the service's moderators."""
    recipients = moderator_emails(standard.service)
    if not recipients or not overdue:
        return 0
    tz = standard.service.tz
    lines = [
        _("%(n)d questions are past their due time:") % {"n": len(overdue)},
        "",
    ]
    for question in overdue:
        assignee = question.assignee.email if question.assignee else _("unassigned")
        lines.append(f"- {_local(question.due_at, tz)} · {assignee} · {question.message.text[:80]}")
        lines.append(f"  {_link(question)}")
    subject = _("[%(service)s] Daily digest: %(n)d overdue questions") % {
        "service": standard.service.name,
        "n": len(overdue),
    }
    return send_mail(subject, "\n".join(lines), None, recipients, fail_silently=False)

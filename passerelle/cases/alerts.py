"""The e-mail the on-call staff get when a client is marked urgent (§2)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelle.cases.models import ClientFile
from passerelle.questions.alerts import moderator_emails

log = logging.getLogger(__name__)


def on_call_emails(file: ClientFile) -> list[str]:
    """The service's on-call staff; nobody named: its moderators and administrators."""
    case_settings = getattr(file.service, "case_settings", None)
    users = list(case_settings.on_call.all()) if case_settings and case_settings.pk else []
    found = sorted({u.email for u in users if u.email and u.is_active})
    return found or moderator_emails(file.service)


def urgent_alert_email(file_id: int) -> int:
    """One e-mail to the on-call staff about one urgent client; how many went out."""
    file = (
        ClientFile.objects.select_related("service", "member", "urgent_by", "urgent_message")
        .filter(pk=file_id)
        .first()
    )
    if file is None or file.urgent_at is None:
        return 0  # cleared before the e-mail went: nothing waits any more
    recipients = on_call_emails(file)
    if not recipients:
        log.warning("client file %s: nobody on call to alert", file.pk)
        return 0
    tz = file.service.tz
    marked_by = file.urgent_by.get_full_name() or file.urgent_by.email if file.urgent_by else "—"
    link = settings.PUBLIC_URL + reverse("case_actions:protocol", args=[file.service.slug, file.pk])
    body = [
        _("A client was marked urgent: risk to safety."),
        "",
        _("Client: %(name)s") % {"name": file.member.display_name or "—"},
        _("Marked by: %(who)s at %(at)s")
        % {"who": marked_by, "at": file.urgent_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")},
    ]
    if file.urgent_message is not None:
        body += ["", _("Their message:"), file.urgent_message.text[:500]]
    if file.emergency_contacts:
        body += ["", _("Emergency contacts:"), file.emergency_contacts]
    body += ["", link]
    subject = _("[%(service)s] Urgent: a client at risk") % {"service": file.service.name}
    return send_mail(subject, "\n".join(body), None, recipients, fail_silently=False)

"""The reports app's writes: its settings, and the exports prepared in the background."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.orgs.permissions import require
from passerelle.reports.models import ReportExport, ReportSettings
from passerelle.reports.tasks import prepare_export

# Downloads bigger than this are prepared by a worker while the page shows progress.
DIRECT_MAX_COLUMNS = 12
# A prepared file is for the person who asked, now: it is deleted after a day.
EXPORT_KEEP = timedelta(days=1)


def report_settings_save(*, role, small_number_threshold: int) -> ReportSettings:
    require(role, "configure")
    if not 0 <= small_number_threshold <= 100:
        raise ValidationError(_("Choose a threshold from 0 (show every count) to 100."))
    found, _created = ReportSettings.objects.update_or_create(
        service=role.service,
        defaults={
            "org_id": role.service.org_id,
            "small_number_threshold": small_number_threshold,
            "updated_by": role.user,
        },
    )
    return found


def export_request(*, role, services: list, options: dict) -> ReportExport:
    """Queue a report file for a worker to prepare; the page polls its progress."""
    require(role, "read_reports")
    build_options = {**options, "services": [s.pk for s in services]}
    with transaction.atomic():
        job = ReportExport.objects.create(
            org_id=role.service.org_id,
            service=role.service,
            requested_by=role.user,
            options=build_options,
            total_steps=len(services) + 1,
            created_at=timezone.now(),
        )
        transaction.on_commit(lambda: prepare_export.enqueue(job.pk))
    return job


def exports_prune(now=None) -> int:
    """Scheduled: delete prepared report files older than EXPORT_KEEP (one statement)."""
    now = now or timezone.now()
    deleted, _by_model = ReportExport.objects.filter(created_at__lt=now - EXPORT_KEEP).delete()
    return deleted

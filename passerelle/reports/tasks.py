"""Background work for reports: files too big to build while a page waits."""

import logging

from django.utils import timezone
from django_tasks import task

from passerelle.orgs.models import Service
from passerelle.reports.build import build
from passerelle.reports.models import ReportExport

log = logging.getLogger("passerelle.reports")


@task()
def prepare_export(export_id: int) -> None:
    export_run(export_id)


def export_run(export_id: int) -> bool:
    """Prepare one queued export; False if another worker has it or it is done."""
    claimed = ReportExport.objects.filter(pk=export_id, state=ReportExport.State.QUEUED).update(
        state=ReportExport.State.RUNNING
    )
    if not claimed:
        return False
    job = ReportExport.objects.get(pk=export_id)
    wanted = job.options.get("services", [])
    found = {s.pk: s for s in Service.objects.filter(pk__in=wanted)}
    services = [found[pk] for pk in wanted if pk in found]

    def progress(done, total):
        ReportExport.objects.filter(pk=export_id).update(done_steps=done, total_steps=total)

    try:
        name, content_type, body = build(services=services, options=job.options, progress=progress)
    except Exception as exc:  # reported on the page; the worker lives on
        log.exception("report export %s failed", export_id)
        ReportExport.objects.filter(pk=export_id).update(
            state=ReportExport.State.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        return True
    ReportExport.objects.filter(pk=export_id).update(
        state=ReportExport.State.DONE,
        filename=name,
        content_type=content_type,
        content=body,
        done_steps=job.total_steps,
        finished_at=timezone.now(),
    )
    return True

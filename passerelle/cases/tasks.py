"""Background work for client files: the urgent alert e-mails leave the scheduler's loop."""

import logging

from django_tasks import task

from passerelle.cases import alerts

log = logging.getLogger(__name__)


@task()
def send_urgent_alerts(file_ids: list[int]) -> None:
    # One task per sweep batch; one failing address must not keep the others' alerts.
    for file_id in file_ids:
        try:
            alerts.urgent_alert_email(file_id)
        except Exception:
            log.exception("urgent alert for client file %s could not be sent", file_id)

"""Background work for questions: alert emails leave the scheduler's loop as tasks."""

import logging

from django_tasks import task

from passerelle.questions import alerts

log = logging.getLogger(__name__)


# Kept for task rows queued before alerts were batched; the sweep no longer queues it.
@task()
def send_question_alert(question_id: int, kind: str) -> None:
    alerts.question_alert_email(question_id, kind)


@task()
def send_question_alerts(question_ids: list[int], kind: str) -> None:
    # One task per sweep batch; one failing address must not keep the others' alerts.
    for question_id in question_ids:
        try:
            alerts.question_alert_email(question_id, kind)
        except Exception:
            log.exception("alert %s for question %s could not be sent", kind, question_id)


@task()
def train_label_classifier(service_id: int) -> None:
    # Embedding a service's labelled history takes up to a minute: out of the scheduler.
    from passerelle.orgs.models import Service
    from passerelle.questions.label_suggestions import label_classifier_train

    service = Service.objects.filter(pk=service_id).first()
    if service is not None:
        label_classifier_train(service)

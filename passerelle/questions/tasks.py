"""Background work for questions: alert emails leave the scheduler's loop as tasks."""

from django_tasks import task

from passerelle.questions import alerts


@task()
def send_question_alert(question_id: int, kind: str) -> None:
    alerts.question_alert_email(question_id, kind)

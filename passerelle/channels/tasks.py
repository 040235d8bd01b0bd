"""Background work for channels: processing inbound events, sending outbound messages."""

from django_tasks import task

from passerelle.channels import inbound, sending


@task()
def process_raw_event(raw_event_id: int) -> None:
    inbound.raw_event_process(raw_event_id)


@task()
def send_outbound(outbound_id: int) -> None:
    sending.outbound_send(outbound_id)

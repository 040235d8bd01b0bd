"""Background work for channels: processing inbound events, sending outbound messages."""

from django_tasks import task

from passerelle.channels import inbound, pump


@task()
def process_raw_event(raw_event_id: int) -> None:
    inbound.raw_event_process(raw_event_id)


@task()
def send_outbound(outbound_id: int) -> None:
    # Sends go out through the channel's sender loop, in order and within its limits.
    pump.outbound_wake(outbound_id)


@task()
def pump_channel(channel_id: int, lane: int | None = None, generation: int | None = None) -> None:
    pump.channel_pump(channel_id, lane, generation)


@task()
def run_platform_action(action_id: int) -> None:
    # Here, not at the top: channels.actions enqueues this task (a cycle within the package).
    from passerelle.channels.actions import platform_action_run

    platform_action_run(action_id)

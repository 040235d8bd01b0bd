"""The task loop stops cleanly on SIGTERM, between statements, whatever it was doing."""

import os
import signal
import threading

import pytest

from passerelle.channels.task_loop import StoppingWorker, tasks_run


def _worker():
    return StoppingWorker(
        queue_names=["*"],
        interval=0.05,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )


def test_the_first_signal_ends_the_loop_and_the_second_stops_at_once():
    worker = _worker()
    worker.shutdown(signal.SIGTERM, None)  # no SystemExit, even between two statements
    assert worker.running is False
    with pytest.raises(SystemExit) as stopped:
        worker.shutdown(signal.SIGTERM, None)
    assert stopped.value.code == 1


@pytest.mark.django_db(transaction=True)
def test_sigterm_while_polling_returns_normally():
    previous = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        tasks_run(interval=0.01, batch=False, max_tasks=None, verbosity=0)  # returns
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, previous)

"""The web process moves what lives as long as it does out of the full collections: at
start-up, then after its 1st, 20th and 200th requests, then never again."""

import gc

from django.core.signals import request_finished

from passerelle.common import long_lived


def _connected() -> bool:
    return any(key[0] == "passerelle-long-lived" for key, *_rest in request_finished.receivers)


def test_frozen_at_start_and_after_the_first_requests(monkeypatch):
    monkeypatch.setattr(long_lived, "_served", 0)
    gc.unfreeze()
    kept = []
    try:
        long_lived.freeze_as_the_process_warms()
        assert _connected()
        counts = [gc.get_freeze_count()]
        for served in range(1, 201):
            kept.append([[] for _ in range(50)])  # objects a request leaves behind
            long_lived._request_finished()
            if served in (1, 19, 20, 200):
                counts.append(gc.get_freeze_count())
        start, first, before_20th, at_20th, at_200th = counts
        assert start > 0 and first > start
        assert before_20th == first  # nothing frozen between the planned points
        assert at_20th > before_20th and at_200th > at_20th
        assert not _connected()  # its work done: no cost on later requests
    finally:
        request_finished.disconnect(dispatch_uid="passerelle-long-lived")
        gc.unfreeze()


def test_passerelle_web_hooks_it_into_each_gunicorn_worker(monkeypatch):
    from gunicorn.app.wsgiapp import WSGIApplication

    from passerelle import gunicorn_conf
    from passerelle.common.management.commands.web import gunicorn_argv

    # gunicorn reads the very command line `passerelle web` runs (past "python -m").
    argv = gunicorn_argv("127.0.0.1:8000", 2, 8)
    monkeypatch.setattr("sys.argv", argv[2:])
    config = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg
    assert config.post_worker_init is gunicorn_conf.post_worker_init
    assert config.workers == 2 and config.threads == 8

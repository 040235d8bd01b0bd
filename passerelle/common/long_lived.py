"""Long-lived objects kept out of the garbage collector's full collections (web processes).

A web process holds a few hundred thousand objects that live as long as it does: Django,
the apps' modules, the compiled templates, the URL map, the translation catalogues, the
models loaded on first use. Python's full collection walks all of them: about one request
in 25 paused 150 ms for it (the inbox search at 1 M messages: p95 345 ms, median 184).
`gc.freeze()` moves what is alive at that moment into a generation no collection walks;
refcounting still frees those objects. It runs after a full collection (so nothing that
is garbage already is frozen) at start-up and after the 1st, 20th and 200th requests
served, by which time the templates and models the pages use have been built. Cyclic
garbage made later from frozen objects is not collected: a few replaced cache entries,
at most, for the process's life.
"""

import gc
import threading

from django.core.signals import request_finished

FREEZE_AFTER_REQUESTS = (1, 20, 200)

_UID = "passerelle-long-lived"
_served = 0
_lock = threading.Lock()


def freeze_now() -> None:
    gc.collect()
    gc.freeze()


def _request_finished(**_kwargs) -> None:
    # request_finished runs when the response is closed, once it has been sent.
    global _served
    with _lock:
        _served += 1
        due = _served in FREEZE_AFTER_REQUESTS
        if _served >= FREEZE_AFTER_REQUESTS[-1]:
            request_finished.disconnect(dispatch_uid=_UID)
    if due:
        freeze_now()


def freeze_as_the_process_warms() -> None:
    """Freeze now, and after the first requests (each web worker, once its application is
    loaded: passerelle/gunicorn_conf.py)."""
    freeze_now()
    request_finished.connect(_request_finished, dispatch_uid=_UID)

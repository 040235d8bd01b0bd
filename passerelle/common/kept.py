"""Per-service facts a process keeps for a while instead of reading them on every use.

For what changes rarely and may apply a little late (a service's own word list, its
trained label classifier): a group message or an inbox page then costs no statement for
it. Keyed by the service's id and creation time, so an id a deleted service had (a test's
rolled-back row) never brings back another service's facts. A process that changes the
fact itself calls `forget`, and sees the change at once.
"""

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class KeptPerService(Generic[T]):
    def __init__(self, seconds: float):
        self.seconds = seconds
        self._kept: dict[tuple, tuple[float, T]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(service) -> tuple:
        return (service.pk, service.created_at)

    def get(self, service, load: Callable[[], T]) -> T:
        """The kept value, or `load()`'s when there is none or it is older than `seconds`."""
        now = time.monotonic()
        key = self._key(service)
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and now - kept[0] <= self.seconds:
            return kept[1]
        value = load()
        with self._lock:
            self._kept[key] = (now, value)
        return value

    def forget(self, service) -> None:
        with self._lock:
            self._kept.pop(self._key(service), None)

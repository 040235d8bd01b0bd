"""One unit of work (one inbound event): facts read once, small writes made once.

The caller opens `unit_of_work()`; within it `once(key, read)` reads a fact the first time
and hands the same answer after, and `defer(key, item, flush)` keeps a write to make with
the others of its kind when the block ends (`flush(items)`, still inside the caller's
transaction). Outside a unit nothing is kept and every write is made at once, so pages
and sweeps behave as they always did.

For facts the unit does not change (a service's texts and channels, a member's identities,
the one private thread of a member); a step that changes one says so (`amend`, `forget`).
A deferred write whose savepoint was rolled back is dropped, as the row it counted was.
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction

T = TypeVar("T")


@dataclass
class _Unit:
    facts: dict = field(default_factory=dict)
    # key -> (flush, [(item, marker)]), in the order the kinds were first deferred.
    pending: dict = field(default_factory=dict)


class _Marker:
    """An on-commit no-op: Django drops it with the savepoint it was registered in, which
    tells the flush that the deferred write went with it."""

    def __call__(self) -> None:
        return None


_unit: ContextVar[_Unit | None] = ContextVar("passerelle_unit_of_work", default=None)


@contextmanager
def unit_of_work():
    """Within this block facts are read once and deferred writes made at its end (units do
    not nest: the outer one wins)."""
    if _unit.get() is not None:
        yield
        return
    unit = _Unit()
    token = _unit.set(unit)
    try:
        yield
        _flush(unit)
    finally:
        _unit.reset(token)


def in_scope() -> bool:
    """Whether a unit of work is open."""
    return _unit.get() is not None


def once(key: Hashable, read: Callable[[], T]) -> T:
    """read(), or what it returned the first time in this unit."""
    unit = _unit.get()
    if unit is None:
        return read()
    if key not in unit.facts:
        unit.facts[key] = read()
    return unit.facts[key]


def remember(key: Hashable, value) -> None:
    """A fact learnt along the way (read with something else): `once` hands it out."""
    unit = _unit.get()
    if unit is not None:
        unit.facts.setdefault(key, value)


def amend(key: Hashable, change: Callable) -> None:
    """The fact changed in a way the caller knows: change(kept value), if one is kept."""
    unit = _unit.get()
    if unit is not None and key in unit.facts:
        change(unit.facts[key])


def forget(key: Hashable) -> None:
    """The fact changed: the next `once` reads it again."""
    unit = _unit.get()
    if unit is not None:
        unit.facts.pop(key, None)


def defer(key: Hashable, item, flush: Callable[[list], None]) -> bool:
    """Keep `item` for flush(items of this kind) at the end of the unit; False when there
    is no unit or no transaction to make it in (the caller writes now)."""
    unit = _unit.get()
    if unit is None or not transaction.get_connection().in_atomic_block:
        return False
    marker = _Marker()
    transaction.on_commit(marker)
    unit.pending.setdefault(key, (flush, []))[1].append((item, marker))
    return True


def _flush(unit: _Unit) -> None:
    alive = {id(cb) for _sids, cb, _robust in transaction.get_connection().run_on_commit}
    for flush, entries in unit.pending.values():
        items = [item for item, marker in entries if id(marker) in alive]
        if items:
            flush(items)
    unit.pending.clear()

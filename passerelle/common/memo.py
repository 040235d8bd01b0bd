"""Facts read once per unit of work (one inbound event): a scope opened by the caller,
within which `once(key, read)` reads a fact the first time and hands the same answer
after. Outside a scope nothing is kept, so pages and sweeps read as they always did.

For facts the unit of work does not change (a service's texts and channels, a member's
identities, the one private thread of a member): a step that changes one calls `forget`.
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_facts: ContextVar[dict | None] = ContextVar("passerelle_read_once", default=None)


@contextmanager
def read_once_scope():
    """Within this block, `once` keeps what it read (scopes do not nest: the outer wins)."""
    if _facts.get() is not None:
        yield
        return
    token = _facts.set({})
    try:
        yield
    finally:
        _facts.reset(token)


def in_scope() -> bool:
    """Whether a read-once scope is open."""
    return _facts.get() is not None


def once(key: Hashable, read: Callable[[], T]) -> T:
    """read(), or what it returned the first time in this scope."""
    facts = _facts.get()
    if facts is None:
        return read()
    if key not in facts:
        facts[key] = read()
    return facts[key]


def amend(key: Hashable, change: Callable) -> None:
    """The fact changed in a way the caller knows: change(kept value), if one is kept."""
    facts = _facts.get()
    if facts is not None and key in facts:
        change(facts[key])


def forget(key: Hashable) -> None:
    """The fact changed: the next `once` reads it again."""
    facts = _facts.get()
    if facts is not None:
        facts.pop(key, None)

"""A query built by the ORM once per database connection, then run with new values.

Building a queryset costs the ORM about a millisecond of Python each time (several for
annotations, subqueries, a filtered relation), several times what the database needs to
run it: the first read of every inbound event spent 2.5 ms compiling for 0.15 ms of
execution. A `Compiled` query asks its builder for the queryset once, with recognisable
stand-in values, keeps the SQL and which parameter is which value, and from then on only
executes — with the row converters the ORM would have applied (dates and JSON on SQLite,
for instance). `CompiledUpdate` does the same for an `UPDATE … WHERE …`.

Only for queries whose shape does not depend on the values: each value must reach the SQL
as a parameter unchanged (exact lookups and plain assignments, not `icontains`), which the
first build checks. For the inbound event's hot path; pages and sweeps use the ORM.
"""

import threading
import weakref
from collections.abc import Callable
from datetime import UTC, datetime

from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql import UpdateQuery

# Stand-ins no real value takes: negative ids, strings with control characters, a moment
# of 1901 told apart by its microseconds.
_INT_BASE = -1_999_999_000  # inside a 32-bit column: Django drops out-of-range lookups
_lock = threading.Lock()


def _stand_in(name: str, kind: type, n: int):
    if kind is int:
        return _INT_BASE - n
    if kind is datetime:
        return datetime(1901, 1, 1, microsecond=n + 1, tzinfo=UTC)
    return f"\x1f{name}\x1f"


class _Plans:
    """What every compiled statement shares: stand-ins, slots, one plan per connection."""

    def __init__(self, build: Callable, *, using: str = "default", **kinds: type):
        self.build, self.using, self.kinds = build, using, kinds
        # Per connection (one per thread): the compiler's converters use its connection.
        self._plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _stand_ins(self) -> dict:
        return {name: _stand_in(name, kind, n) for n, (name, kind) in enumerate(self.kinds.items())}

    def _slots(self, connection, stand_ins: dict, params) -> list:
        # A datetime reaches the SQL as the backend adapts it (SQLite: text).
        adapt = connection.ops.adapt_datetimefield_value
        by_value = {
            (adapt(value) if isinstance(value, datetime) else value): name
            for name, value in stand_ins.items()
        }
        slots = [by_value.get(p) if isinstance(p, int | str | datetime) else None for p in params]
        if missing := set(stand_ins) - set(slots):
            raise ValueError(f"values that do not reach the SQL as parameters: {sorted(missing)}")
        return slots

    def _bound(self, connection, plan_params, slots, values) -> list:
        bound = []
        for slot, param in zip(slots, plan_params, strict=True):
            if slot is None:
                bound.append(param)
                continue
            value = values[slot]
            if self.kinds[slot] is datetime:
                value = connection.ops.adapt_datetimefield_value(value)
            bound.append(value)
        return bound

    def _plan_for(self, connection):
        plan = self._plans.get(connection)
        if plan is None:
            with _lock:
                plan = self._plans[connection] = self._plan(connection)
        return plan


class Compiled(_Plans):
    """`Compiled(build, service_id=int, address=str, …)`: build(**values) -> the queryset."""

    def _plan(self, connection):
        stand_ins = self._stand_ins()
        queryset: QuerySet = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        slots = self._slots(connection, stand_ins, params)
        return sql, params, slots, compiler, compiler.get_converters(fields), fields

    def rows(self, **values) -> list[tuple]:
        """The query's rows for these values, as the ORM's values_list would give them."""
        connection = connections[self.using]
        sql, params, slots, compiler, converters, _fields = self._plan_for(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, self._bound(connection, params, slots, values))
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [tuple(row) for row in rows]

    def instances(self, **values) -> list:
        """The query's rows as model instances (a plain queryset of one model: no
        select_related, no annotations), as iterating the queryset would give them."""
        *_rest, compiler, _converters, fields = self._plan_for(connections[self.using])
        names = [column.target.attname for column in fields]
        model = compiler.query.model
        return [model.from_db(self.using, names, row) for row in self.rows(**values)]


class CompiledUpdate(_Plans):
    """`CompiledUpdate(build, pk=int, at=datetime)`: build(**values) -> (queryset, changes),
    run as `queryset.update(**changes)` would be; `run(**values)` returns the row count."""

    def _plan(self, connection):
        stand_ins = self._stand_ins()
        queryset, changes = self.build(**stand_ins)
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(changes)
        query.annotations = {}
        sql, params = query.get_compiler(connection=connection).as_sql()
        return sql, params, self._slots(connection, stand_ins, params)

    def run(self, **values) -> int:
        connection = connections[self.using]
        sql, params, slots = self._plan_for(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, self._bound(connection, params, slots, values))
            return cursor.rowcount


_insert_sql: dict = {}


def insert_once(instance, *, conflict: str, using: str = "default") -> bool:
    """INSERT the instance's row unless it conflicts; True, with its pk set, when inserted.

    `conflict` is the conflict target, the unique index's columns and, for a partial one,
    its condition: `(channel_id, platform_message_id) WHERE NOT (platform_message_id = '')`.
    One statement (SQLite ≥ 3.35, PostgreSQL) where the ORM needs a savepoint, an INSERT
    and an IntegrityError to tell a duplicate, and builds the INSERT each time. No signals
    are sent: for models nothing listens to.
    """
    model = type(instance)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    key = (model, conflict, connection.vendor)
    sql = _insert_sql.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        values = ", ".join(["%s"] * len(fields))
        sql = _insert_sql[key] = (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({values}) "
            f"ON CONFLICT {conflict} DO NOTHING RETURNING {quote(model._meta.pk.column)}"
        )
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding, instance._state.db = False, using
    return True

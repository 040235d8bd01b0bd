"""Compiled queries: built once, then run with new values, giving what the ORM gives."""

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from passerelle.common.compiled import Compiled

pytestmark = pytest.mark.django_db


def _by_name(*, username: str, active: int):
    return (
        User.objects.filter(username=username, is_active=True, pk__gt=active)
        .annotate(groups_count=Count("groups"))
        .values_list("pk", "username", "date_joined", "is_staff", "groups_count")
        .order_by("pk")
    )


def test_rows_are_the_orms_for_every_value_and_the_query_is_built_once():
    amira = User.objects.create_user("amira", is_staff=True)
    luc = User.objects.create_user("luc")
    compiled = Compiled(_by_name, username=str, active=int)
    builds = []
    original = compiled.build
    compiled.build = lambda **values: builds.append(values) or original(**values)
    for user in (amira, luc, amira):
        expected = list(_by_name(username=user.username, active=0))
        with CaptureQueriesContext(connection) as queries:
            assert compiled.rows(username=user.username, active=0) == expected
        assert len(queries) == 1
    # Converted as the ORM converts (SQLite stores datetimes as text, booleans as 0/1).
    assert compiled.rows(username="amira", active=0)[0][2] == amira.date_joined
    assert compiled.rows(username="amira", active=0)[0][3] is True
    assert compiled.rows(username="amira", active=amira.pk) == []
    assert compiled.rows(username="nobody", active=0) == []
    assert len(builds) == 1


def test_a_value_that_does_not_reach_the_sql_as_it_is_is_refused():
    # icontains wraps the value in wildcards: the SQL could not be reused for another one.
    compiled = Compiled(
        lambda *, name: User.objects.filter(username__icontains=name).values_list("pk"),
        name=str,
    )
    with pytest.raises(ValueError, match="name"):
        compiled.rows(name="amira")


def test_datetimes_are_values_too_and_instances_are_the_orms():
    from datetime import timedelta

    from django.utils import timezone

    from passerelle.common.compiled import CompiledUpdate

    amira = User.objects.create_user("amira")
    luc = User.objects.create_user("luc")
    joined = Compiled(
        lambda *, since, pk: User.objects.filter(date_joined__gte=since, pk=pk),
        since=datetime,
        pk=int,
    )
    long_ago = timezone.now() - timedelta(days=1)
    assert joined.instances(since=long_ago, pk=amira.pk) == [amira]
    found = joined.instances(since=long_ago, pk=luc.pk)[0]
    assert (found.username, found.date_joined) == ("luc", luc.date_joined)
    assert joined.instances(since=timezone.now() + timedelta(days=1), pk=luc.pk) == []

    touch = CompiledUpdate(
        lambda *, pk, at: (User.objects.filter(pk=pk, last_login__isnull=True), {"last_login": at}),
        pk=int,
        at=datetime,
    )
    at = timezone.now().replace(microsecond=123456)
    with CaptureQueriesContext(connection) as queries:
        assert touch.run(pk=amira.pk, at=at) == 1
        assert touch.run(pk=amira.pk, at=at) == 0  # no longer null
    assert len(queries) == 2
    amira.refresh_from_db()
    luc.refresh_from_db()
    assert (amira.last_login, luc.last_login) == (at, None)


def test_an_update_whose_value_is_not_a_parameter_is_refused():
    from passerelle.common.compiled import CompiledUpdate

    # Changed on the way: the SQL built for one name would not be the SQL for another.
    shout = CompiledUpdate(
        lambda *, pk, name: (User.objects.filter(pk=pk), {"username": name.upper()}),
        pk=int,
        name=str,
    )
    with pytest.raises(ValueError, match="name"):
        shout.run(pk=1, name="amira")

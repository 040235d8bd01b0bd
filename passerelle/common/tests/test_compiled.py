"""Compiled queries: built once, then run with new values, giving what the ORM gives."""

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

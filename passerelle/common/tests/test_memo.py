"""A unit of work reads each fact once and makes its deferred writes once, at its end;
outside one, nothing is kept and nothing waits."""

import pytest
from django.db import transaction

from passerelle.common.memo import amend, defer, forget, once, remember, unit_of_work

pytestmark = pytest.mark.django_db


def counting_read():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    return read, reads


def test_outside_a_unit_every_read_reads():
    read, reads = counting_read()
    assert [once("k", read), once("k", read)] == [1, 2]
    remember("k", 99)
    assert once("k", read) == 3 and len(reads) == 3


def test_within_a_unit_a_fact_is_read_once_until_forgotten():
    read, reads = counting_read()
    with unit_of_work():
        assert [once("k", read), once("k", read)] == [1, 1]
        forget("k")
        assert once("k", read) == 2
        remember("other", {"a"})
        amend("other", lambda kept: kept.add("b"))
        assert once("other", lambda: pytest.fail("remembered")) == {"a", "b"}
        with unit_of_work():  # the outer unit wins
            assert once("k", read) == 2
    assert once("k", read) == 3 and len(reads) == 3


def test_deferred_writes_are_made_once_at_the_end_of_the_unit():
    flushed = []
    with transaction.atomic():
        assert defer("w", 1, flushed.append) is False  # no unit: the caller writes now
        with unit_of_work():
            assert defer("w", 1, flushed.append) and defer("w", 2, flushed.append)
            assert flushed == []
        assert flushed == [[1, 2]]


def test_a_deferred_write_rolled_back_with_its_savepoint_is_dropped():
    flushed = []
    with transaction.atomic(), unit_of_work():
        defer("w", "kept", flushed.append)
        try:
            with transaction.atomic():
                defer("w", "rolled back", flushed.append)
                raise ValueError
        except ValueError:
            pass
        with transaction.atomic():
            defer("w", "released", flushed.append)
    assert flushed == [["kept", "released"]]


def test_a_unit_that_fails_writes_nothing():
    flushed = []
    with pytest.raises(ValueError), transaction.atomic(), unit_of_work():
        defer("w", 1, flushed.append)
        raise ValueError
    assert flushed == []

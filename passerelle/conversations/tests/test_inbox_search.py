"""The inbox search: message text, member names and addresses, each conversation once."""

import re

import pytest

from passerelle.conversations.services import private_thread_for
from passerelle.questions.tests.helpers import inbound, make_member


def _listed(client, service, query):
    html = client.get(f"/s/{service.slug}/inbox/threads/", {"q": query}).content.decode()
    return [int(pk) for pk in re.findall(r'data-thread="(\d+)"', html)]


@pytest.fixture
def people(service):
    amal = make_member(service, name="Amal Haddad", address="+16135550123")
    bilal = make_member(service, name="Bilal Rahimi", address="telegram-778899")
    for n in range(4):
        inbound(service, member=amal, private=True, text=f"Is the food bank open? {n}")
    inbound(service, member=bilal, private=True, text="Merci pour les cours de français")
    inbound(service, member=bilal, text="Where is the food bank on Rideau?")
    return amal, bilal


def _thread(service, member):
    return private_thread_for(service, member).pk


def test_search_finds_text_names_and_lists_each_conversation_once(
    moderator_client, service, people
):
    amal, bilal = people
    group = service.threads.get(kind="group").pk
    # Four of Amal's messages and one in the group match: each thread listed once.
    assert _listed(moderator_client, service, "FOOD BANK") == [group, _thread(service, amal)]
    assert _listed(moderator_client, service, "français") == [_thread(service, bilal)]
    assert _listed(moderator_client, service, "rahimi") == [_thread(service, bilal)]
    assert _listed(moderator_client, service, "nothing like it") == []


def test_a_thread_search_looks_at_the_newest_matching_messages(
    moderator_client, service, people, monkeypatch
):
    from passerelle.conversations import selectors

    amal, bilal = people
    group = service.threads.get(kind="group").pk
    # Bilal's group message is the newest "food bank": with room for one match only, the
    # group is listed and Amal's older four are not; a name still finds her.
    monkeypatch.setattr(selectors, "SEARCH_THREADS_FROM", 1)
    assert _listed(moderator_client, service, "food bank") == [group]
    assert _listed(moderator_client, service, "haddad") == [_thread(service, amal)]
    monkeypatch.setattr(selectors, "SEARCH_THREADS_FROM", 5)
    assert _listed(moderator_client, service, "food bank") == [group, _thread(service, amal)]


def test_search_finds_a_whole_address_or_a_phone_number_without_its_prefix(
    moderator_client, service, people
):
    amal, bilal = people
    assert _listed(moderator_client, service, "telegram-778899") == [_thread(service, bilal)]
    assert _listed(moderator_client, service, "613 555 0123") == [_thread(service, amal)]
    # A part of an address hidden on screen lists no one.
    assert _listed(moderator_client, service, "telegram-77") == []
    assert _listed(moderator_client, service, "+1613") == []


def test_the_inbox_page_opens_the_first_conversation_found(moderator_client, service, people):
    amal, _bilal = people
    html = moderator_client.get(f"/s/{service.slug}/inbox/", {"q": "Haddad"}).content.decode()
    assert re.findall(r'data-thread="(\d+)"', html) == [str(_thread(service, amal))]
    assert "Is the food bank open? 3" in html  # the conversation shown is Amal's


def test_search_stays_inside_the_service(moderator_client, service, people):
    from passerelle.testing.factories import make_service

    other = make_service()
    inbound(other, member=make_member(other, name="Amal Haddad"), text="food bank")
    assert len(_listed(moderator_client, service, "Haddad")) == 1

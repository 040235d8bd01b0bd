"""Offline: loading and using every model of this package opens no network connection.

The modules are loaded afresh (their caches emptied) inside the guard, so what a first
load does — reading the packaged files, unpickling, building the word filters — runs with
every connect refused.
"""

import socket

import pytest

from passerelle.nlp import details, language, offensive
from passerelle.nlp.tests.conftest import NetworkUsed


@pytest.fixture
def cold(monkeypatch):
    """The models as in a new process: nothing loaded yet."""
    monkeypatch.setattr(language, "_langid", None)
    monkeypatch.setattr(offensive, "_filter", None)
    monkeypatch.setattr(offensive, "_arabic", None)


def test_the_guard_refuses_connections(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    no_network.clear()  # the guard itself is tested here: the attempt was the point


def test_language_loads_and_runs_offline(cold, no_network):
    language.languages_load()
    assert language.language_of("Muchas gracias por la ayuda, de verdad") == "es"
    assert language.language_of("ok") == ""


def test_details_run_offline(no_network):
    assert details.details_found("call me on ٠٦١٢٣٤٥٦٧٨", ["CA", "MA"]) == ["phone"]
    assert details.details_found("SIN 046 454 286 and H2X 1Y4", ["CA"]) == ["sin", "postal"]


def test_offensive_loads_and_runs_offline(cold, no_network):
    offensive.offensive_load()
    assert offensive.offensive_found("يلعن امك يا ابن الحمار")
    assert offensive.offensive_found("you idiot")
    assert not offensive.offensive_found("thank you very much")


def test_the_arabic_models_export_runs_offline(tmp_path, no_network):
    # What load() runs once in a child process, run here under the guard.
    from passerelle.nlp import arabic_model

    path = tmp_path / arabic_model.cache_name()
    arabic_model.export(path)
    assert arabic_model.ArabicModel(path).classify("يلعن امك يا ابن الحمار")["is_toxic"]

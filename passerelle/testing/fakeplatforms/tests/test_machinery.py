"""Shared machinery of the fakes: concurrency, lifecycle, scripting errors, and
Twilio's segment arithmetic."""

import threading

import httpx
import pytest

from passerelle.testing.fakeplatforms import FakeGraph, FakeTelegram, num_segments


def wa_text(to="+16135550142"):
    return {"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": "x"}}


def test_num_segments():
    assert num_segments("a" * 160) == 1
    assert num_segments("a" * 161) == 2
    assert num_segments("a" * 306) == 2 and num_segments("a" * 307) == 3
    assert num_segments("{" * 80) == 1 and num_segments("{" * 81) == 2  # extension = 2 septets
    assert num_segments("é" * 160) == 1  # in GSM-7 basic set
    assert num_segments("ê" * 70) == 1 and num_segments("ê" * 71) == 2  # not GSM-7: UCS-2
    assert num_segments("م" * 134) == 2 and num_segments("م" * 135) == 3
    assert num_segments("😀" * 35) == 1  # two UTF-16 units each


def test_concurrent_requests_are_all_recorded():
    with FakeGraph() as fake:
        url = f"{fake.url}/v21.0/109876543210987/messages"

        def worker():
            with httpx.Client() as client:
                for _ in range(10):
                    client.post(url, json=wa_text())

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stamps = [r.at for r in fake.requests]
        assert len(stamps) == 80 and all(r.status == 200 for r in fake.requests)
    with pytest.raises(RuntimeError):
        fake.url  # noqa: B018 - stopped servers have no URL


def test_unknown_preset_is_rejected():
    with pytest.raises(KeyError, match="known"):
        FakeTelegram().script("nope")

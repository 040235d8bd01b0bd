"""The registry of channel types, loaded by many web threads at once on a cold start."""

import threading
import time

from passerelle.channels.types import registry


def test_concurrent_first_lookups_all_find_their_type(monkeypatch):
    monkeypatch.setattr(registry, "_registry", {})
    real_import = registry.import_module

    def slow_import(path):
        # A cold process imports each type's module (and its SDK) for a while.
        time.sleep(0.01)
        return real_import(path)

    monkeypatch.setattr(registry, "import_module", slow_import)
    slugs = ["simulator", "webchat", "whatsapp", "messenger", "sms_twilio"] * 8
    found, start = [], threading.Barrier(len(slugs))

    def look(n, slug):
        start.wait()
        time.sleep(n % 6 * 0.008)  # requests keep arriving while the first one loads
        try:
            found.append(registry.get(slug).slug)
        except registry.UnknownChannelType:
            found.append(None)

    threads = [threading.Thread(target=look, args=(n, slug)) for n, slug in enumerate(slugs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(found) == sorted(slugs)

"""What every channel type's webhook promises, whatever the platform: a delivery not signed
by the platform is refused (403), a delivery sent twice is stored once (one RawEvent, the
second answered as a duplicate), NUL characters never reach storage or the parsed events,
and a body over the limit is refused (413) before anything is read into the store.

Pipeline only: the raw-event task is never run (no commit happens inside a test), so this
pins the boundary without the domain; see the import check at the end.
"""

import ast
import dataclasses
from pathlib import Path

import pytest

from passerelle.channels.models import RawEvent
from passerelle.channels.types.registry import all_types
from passerelle.testing.pipeline import delivery, pipeline_channel, pipeline_service, webhook_post

SLUGS = [t.slug for t in all_types()]


@pytest.fixture(params=SLUGS)
def channel(request, db):
    return pipeline_channel(pipeline_service(), request.param)


def test_every_type_is_covered():
    assert set(SLUGS) >= {"simulator", "webchat", "telegram", "whatsapp", "messenger", "sms_twilio"}


def test_a_delivery_signed_by_anyone_else_is_refused(client, channel):
    response = webhook_post(client, channel, delivery(channel, n=1), forged=True)
    assert response.status_code == 403
    assert not RawEvent.objects.exists()


def test_a_delivery_sent_twice_is_stored_once(client, channel):
    first = webhook_post(client, channel, delivery(channel, n=2))
    again = webhook_post(client, channel, delivery(channel, n=2))
    assert first.status_code == again.status_code == 200
    (stored,) = RawEvent.objects.all()
    assert stored.channel_id == channel.pk and stored.processed_at is None
    if hasattr(channel.channel_type, "acknowledge"):
        # The platform reads the answer (Twilio: TwiML), so both get the same one.
        assert again.content == first.content
    else:
        assert (first.content, again.content) == (b"ok", b"duplicate")
    # Another delivery is another event: the dedupe is per delivery, not per sender.
    assert webhook_post(client, channel, delivery(channel, n=3)).status_code == 200
    assert RawEvent.objects.count() == 2


def test_nul_characters_are_dropped(client, channel):
    response = webhook_post(client, channel, delivery(channel, n=4, text="a\x00b\x00"))
    assert response.status_code == 200
    stored = RawEvent.objects.get()
    assert "\x00" not in stored.body and "\x00" not in stored.external_id
    events = channel.channel_type.parse(channel, stored.body)
    (message,) = [e for e in events if e.kind == "message"]
    assert message.text == "ab"
    for event in events:
        assert not [text for text in _strings(dataclasses.asdict(event)) if "\x00" in text]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def test_a_body_over_the_limit_is_refused(client, channel, settings):
    settings.WEBHOOK_MAX_BYTES = 4_000
    big = delivery(channel, n=5, text="x" * 5_000)  # signed as it is: only the size is wrong
    assert len(big.body) > settings.WEBHOOK_MAX_BYTES
    assert webhook_post(client, channel, big).status_code == 413
    assert not RawEvent.objects.exists()
    # Just under the limit is a delivery like any other.
    assert (
        webhook_post(client, channel, delivery(channel, n=6, text="x" * 1_000)).status_code == 200
    )


# -- the boundary ----------------------------------------------------------------------
ALLOWED = ("passerelle.orgs", "passerelle.channels", "passerelle.common", "passerelle.testing")
ALLOWED_IN_HELPERS = ("passerelle.orgs", "passerelle.channels", "passerelle.common")
ROOT = Path(__file__).resolve().parents[2]


def _passerelle_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.add(f"<relative import {'.' * node.level}{node.module or ''}>")
    return {name for name in found if name.startswith(("passerelle", "<relative"))}


def _outside(names: set[str], allowed: tuple[str, ...]) -> set[str]:
    return {n for n in names if not any(n == a or n.startswith(a + ".") for a in allowed)}


def test_pipeline_tests_import_nothing_of_the_domain():
    tests = [Path(__file__), *ROOT.glob("channels/types/*/tests/test_parse_table.py")]
    assert len(tests) >= 5
    for path in tests:
        names = _passerelle_imports(path)
        testing = {n for n in names if n.startswith("passerelle.testing")}
        assert testing <= {
            "passerelle.testing.pipeline",
            "passerelle.testing.fakeplatforms",
            "passerelle.testing.fakeplatforms.fixtures",
        }, (path, testing)
        assert not _outside(names, ALLOWED), (path, _outside(names, ALLOWED))
    helpers = _passerelle_imports(ROOT / "testing" / "pipeline.py")
    assert not _outside(helpers, ALLOWED_IN_HELPERS), _outside(helpers, ALLOWED_IN_HELPERS)


# -- the inbound port -------------------------------------------------------------------

HANDED: list = []


def recording_handler(*, channel, event):
    """Stands where routing stands (settings.INBOUND_HANDLER): records what it is given."""
    HANDED.append((channel.pk, event))


DOMAIN_APPS = ("members", "conversations", "communities", "moderation", "questions", "referrals")


def _domain_rows() -> int:
    from django.apps import apps

    return sum(
        model.objects.count() for model in apps.get_models() if model._meta.app_label in DOMAIN_APPS
    )


def test_the_pipeline_hands_neutral_events_to_the_handler_and_writes_no_domain_row(
    client, channel, settings
):
    from passerelle.channels.inbound import raw_event_process

    settings.INBOUND_HANDLER = f"{__name__}.recording_handler"
    HANDED.clear()
    before = _domain_rows()
    assert webhook_post(client, channel, delivery(channel, n=5)).status_code == 200
    assert raw_event_process(RawEvent.objects.get().pk) is True
    assert RawEvent.objects.get().processed_at is not None
    ((channel_id, event),) = [h for h in HANDED if h[1].kind == "message"]
    assert channel_id == channel.pk and event.text and event.sender_address
    assert dataclasses.is_dataclass(event)
    # What the pipeline keeps for itself: the address wrote, so its windows are open.
    assert channel.contacts.get(address=event.sender_address).last_inbound_at is not None
    assert _domain_rows() == before

"""Arbitrary headers and bodies against the webhook of every registered channel type: never a
500, and whatever is stored is processed to the end.

Each example gets event ids of its own, so examples are stored (not answered as duplicates)
and reach parsing. About half are authenticated as the platform would (the signature over
the very bytes sent), so the parsers and the worker see them too.

PASSERELLE_FUZZ_EXAMPLES sets the examples per type (default 30, to keep the suite short);
the count each type ran is printed (`-s -p no:xdist` to see it):

    PASSERELLE_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -s -p no:xdist \\
        passerelle/channels/tests/test_webhook_fuzz.py
"""

import itertools
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passerelle.channels.types import registry
from passerelle.testing.fuzz import assert_processed, forms, json_values, mutated
from passerelle.testing.webhooks import PLATFORMS

EXAMPLES = int(os.environ.get("PASSERELLE_FUZZ_EXAMPLES", "30"))
FUZZ_ALL = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_numbers = itertools.count(1)

# What a WSGI server can hand Django: header values are bytes read as latin-1.
header_text = st.text(st.characters(min_codepoint=0, max_codepoint=255), max_size=80)
header_names = st.sampled_from(
    sorted({p.auth_header for p in PLATFORMS.values()})
    + ["Content-Type", "X-Twilio-Webhooks-Signature-Settings", "X-Forwarded-Proto"]
) | st.from_regex(r"\AX-[A-Za-z0-9-]{1,20}\Z")
content_types = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/plain",  # (a charset would make the test client re-encode the body)
        "",
    ]
)


def _nested(body: bytes, depth: int) -> bytes:
    """A JSON object body with a value nested `depth` levels deep added (written as text:
    json.dumps itself cannot go past Python's stack)."""
    return body[:-1] + b', "x": ' + b"[" * depth + b"1" + b"]" * depth + b"}"


@st.composite
def deliveries(draw, platform):
    """(body, headers, content type): a delivery as a platform, a fuzzer or an attacker
    might send it."""
    n = next(_numbers)
    kind = draw(st.sampled_from(["bytes", "json", "mutated", "fresh", "deep"]))
    if kind == "bytes":
        body = draw(st.binary(max_size=400))
    elif platform.content_type != "application/json":
        fields = draw(forms(platform.sample().keys()))
        base = platform.sample() if kind in ("mutated", "fresh") else {}
        body = platform.encode(platform.freshen({**base, **fields}, n))
    elif kind == "json":
        body = json.dumps(draw(json_values)).encode()
    elif kind == "mutated":
        body = platform.encode(platform.freshen(draw(mutated(platform.sample())), n))
    elif kind == "fresh":
        document = draw(st.dictionaries(st.text(max_size=12), json_values, max_size=6))
        body = platform.encode(platform.freshen(document, n))
    else:
        depth = draw(st.integers(40, 3000))
        body = _nested(platform.encode(platform.freshen(platform.sample(), n)), depth)
    headers = draw(st.dictionaries(header_names, header_text, max_size=5))
    content_type = draw(content_types | st.just(platform.content_type))
    return body, headers, content_type


@pytest.mark.parametrize("slug", sorted(PLATFORMS))
def test_any_request_to_any_webhook_gets_an_answer_never_a_500(
    slug,
    client,
    service,
    capsys,
    settings,  # noqa: F811
):
    platform = PLATFORMS[slug]
    channel = platform.make(service)
    ran = {"examples": 0, "stored": 0}

    @FUZZ_ALL
    @given(delivery=deliveries(platform), authentic=st.booleans())
    def run(delivery, authentic):
        body, headers, content_type = delivery
        if authentic:
            headers = {**headers, **platform.auth(channel, body)}
        response = platform.post(client, channel, body, headers, content_type=content_type)
        ran["examples"] += 1
        ran["stored"] += response.status_code == 200
        assert_processed(response)

    run()
    with capsys.disabled():
        print(f"\nwebhook fuzz {slug}: {ran['examples']} examples, {ran['stored']} stored")
    assert ran["examples"] >= EXAMPLES


def test_every_registered_type_is_fuzzed():
    assert {t.slug for t in registry.all_types()} == set(PLATFORMS)

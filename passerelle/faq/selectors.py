"""Reads for the FAQ: lists, one entry, and the entries that match a question."""

from dataclasses import dataclass

import numpy as np
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from passerelle.faq import semantic
from passerelle.faq.matching import best_per_group
from passerelle.faq.models import CannedReply, FaqEmbedding, FaqEntry, FaqPhrasing
from passerelle.nlp import embeddings


@dataclass(frozen=True)
class OperatorScope:
    """What `passerelle faq suggest` reads with: one service, read only.

    The operator of an installation reads the database anyway (as `passerelle report`
    does); this stands in for a staff role so the command reads through the same
    selectors as the pages, and can do nothing else (`can` answers yes to "read" only).
    """

    service: object

    @property
    def service_id(self):
        return self.service.pk

    @property
    def org_id(self):
        return self.service.org_id

    def can(self, capability: str) -> bool:
        return capability == "read"


def _entries(role):
    if role is None or not role.can("read"):
        return FaqEntry.objects.none()
    return FaqEntry.objects.filter(service_id=role.service_id)


def today_for(role):
    return timezone.localdate(timezone=role.service.tz)


def faq_entries_for(role, *, query: str = "", stale: bool = False):
    """The service's entries, searched by title, phrasing or answer; `stale`: past review."""
    entries = _entries(role).prefetch_related("phrasings")
    if stale:
        entries = entries.filter(review_by__lt=today_for(role), is_active=True)
    if query:
        entries = entries.filter(
            Q(title__icontains=query)
            | Q(phrasings__text__icontains=query)
            | Q(answers__icontains=query)
        ).distinct()
    return entries.order_by("title", "id")


def faq_entry_get(role, entry_id) -> FaqEntry:
    """One entry of the role's service, or 404."""
    entry = _entries(role).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such FAQ entry")
    return entry


@dataclass
class Suggestion:
    entry: FaqEntry
    score: float
    text: str
    language: str
    stale: bool
    # 1 for the best match: what the moderator sees (never the score, see faq.semantic).
    rank: int = 0


@dataclass
class FaqCorpus:
    """The active entries, read once: BM25's documents and the rows the answers come from."""

    entries: dict[int, FaqEntry]
    # (entry id, phrasing id, text); titles count as phrasings (with the entry's id negated).
    documents: list[tuple[int, int, str]]


def faq_corpus(role) -> FaqCorpus:
    """Two queries however many entries: the entries, then their phrasings."""
    active = _entries(role).filter(is_active=True)
    entries = {entry.pk: entry for entry in active}
    documents = [(pk, -pk, entry.title) for pk, entry in entries.items()]
    documents += list(
        FaqPhrasing.objects.filter(entry__in=active).values_list("entry_id", "pk", "text")
    )
    return FaqCorpus(entries=entries, documents=documents)


def faq_semantic_status(role) -> dict:
    """For the FAQ page: whether suggestions across languages run, how many entries are ready."""
    on = role.service.assistance_on("faq")
    active = _entries(role).filter(is_active=True)
    ready = (
        active.filter(embeddings__model_version=embeddings.model_version()).distinct().count()
        if on
        else 0
    )
    return {"on": on, "active": active.count(), "ready": ready}


def faq_suggestions(role, text: str, language: str, *, corpus=None, limit: int = 5):
    """(fresh, stale) suggestions for a question, best first, with the member's answer text.

    Entries past their review date come back separately so the moderator sees the flag:
    they are never offered as a plain one-click answer.
    """
    return faq_suggestions_many(role, [(text, language)], corpus=corpus, limit=limit)[0]


def faq_vectors(role):
    """(entry ids, matrix): the vectors of the active entries, one row per language."""
    if not role.service.assistance_on("faq"):
        return [], None
    rows = FaqEmbedding.objects.filter(
        entry__in=_entries(role).filter(is_active=True),
        model_version=embeddings.model_version(),
    ).values_list("entry_id", "vector")
    ids, vectors = [], []
    for entry_id, vector in rows:
        ids.append(entry_id)
        vectors.append(embeddings.from_bytes(vector))
    if not ids:
        return [], None
    return ids, np.vstack(vectors)


def faq_suggestions_many(role, questions, *, corpus=None, limit: int = 5):
    """faq_suggestions for each (text, language) of `questions`, reading the entries once
    (`corpus`: faq_corpus, when the caller has read it already).

    With suggested answers on (`assistance_on("faq")`) and the entries embedded, BM25's
    ranking is fused with the e5 vectors' (faq.semantic), so an entry in French comes up
    for a question in Somali; off, BM25 alone ranks, as before the language assistance.
    """
    if not questions:
        return []
    corpus = faq_corpus(role) if corpus is None else corpus
    ranked = [
        best_per_group(text, corpus.documents, limit=limit * 2) for text, _language in questions
    ]
    ids, matrix = faq_vectors(role) if corpus.entries else ([], None)
    if matrix is not None:
        vectors = embeddings.embed([text for text, _language in questions], kind="query")
        ranked = [
            semantic.fuse(found, semantic.semantic_ranking(vector, ids, matrix), limit * 2)
            for found, vector in zip(ranked, vectors, strict=True)
        ]
    entries = corpus.entries
    fallbacks = role.service.languages
    today = today_for(role)
    results = []
    for (_text, language), found in zip(questions, ranked, strict=True):
        fresh, stale = [], []
        for entry_id, score in found:
            entry = entries.get(entry_id)
            if entry is None:
                continue
            answer, used = entry.answer_for(language, fallbacks)
            suggestion = Suggestion(entry, round(score, 2), answer, used, entry.is_stale(today))
            (stale if suggestion.stale else fresh).append(suggestion)
        fresh, stale = fresh[:limit], stale[:limit]
        for rank, suggestion in enumerate(fresh, start=1):
            suggestion.rank = rank
        results.append((fresh, stale))
    return results


def canned_overrides(role) -> dict[tuple[str, str], CannedReply]:
    """The service's own wordings, by (kind, language)."""
    return {
        (row.kind, row.language): row
        for row in CannedReply.objects.filter(service_id=role.service_id)
    }

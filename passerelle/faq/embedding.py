"""Writes the FAQ's sentence vectors (FaqEmbedding): on save and import, and by a job.

One vector per entry and language: that language's ways of asking, the title and the
answer, embedded as an e5 "passage". A member's question, in whatever language, is then
compared with every language's vector of every entry (faq.selectors.faq_suggestions_many).

A service with suggested answers turned off (`assistance_on("faq")`) gets no vectors: its
members' texts and its FAQ never go through the model.
"""

import logging

from django.db import transaction
from django.db.models import Q

from passerelle.faq.models import FaqEmbedding, FaqEntry
from passerelle.faq.semantic import entry_text
from passerelle.nlp import embeddings

log = logging.getLogger(__name__)

# Entries embedded per scheduler tick: about 15 ms each, so a tick stays short.
SWEEP_BATCH = 100


def entry_texts(entry: FaqEntry) -> dict[str, str]:
    """The text embedded for each language the entry has phrasings or an answer in."""
    phrasings: dict[str, list[str]] = {}
    for phrasing in entry.phrasings.all():
        phrasings.setdefault(phrasing.language, []).append(phrasing.text)
    languages = sorted(set(phrasings) | {k for k, v in entry.answers.items() if v})
    return {
        lang: entry_text(entry.title, phrasings.get(lang, []), entry.answers.get(lang, ""))
        for lang in languages
    }


def entry_embed(entry: FaqEntry) -> int:
    """Bring the entry's vectors up to date with its texts; returns how many were written.

    Languages whose text (and the model) are unchanged keep their vector; languages gone
    from the entry lose theirs.
    """
    if not entry.service.assistance_on("faq"):
        return 0
    texts = entry_texts(entry)
    version = embeddings.model_version()
    current = {
        row.language: row
        for row in FaqEmbedding.objects.filter(entry=entry).only(
            "pk", "language", "digest", "model_version"
        )
    }
    digests = {lang: embeddings.digest(text) for lang, text in texts.items()}
    changed = [
        lang
        for lang in texts
        if lang not in current
        or current[lang].digest != digests[lang]
        or current[lang].model_version != version
    ]
    vectors = embeddings.embed([texts[lang] for lang in changed], kind="passage")
    with transaction.atomic():
        FaqEmbedding.objects.filter(entry=entry).exclude(language__in=list(texts)).delete()
        for lang, vector in zip(changed, vectors, strict=True):
            FaqEmbedding.objects.update_or_create(
                entry=entry,
                language=lang,
                defaults={
                    "org_id": entry.org_id,
                    "model_version": version,
                    "digest": digests[lang],
                    "vector": embeddings.to_bytes(vector),
                },
            )
    return len(changed)


def _needing_vectors():
    """Active entries of services with suggestions on that have no vector of this model."""
    current = FaqEmbedding.objects.filter(model_version=embeddings.model_version())
    return (
        FaqEntry.objects.filter(is_active=True)
        # Not exclude(…=False): a missing key (the part on by default) would compare NULL.
        .filter(Q(service__assistance__faq__isnull=True) | Q(service__assistance__faq=True))
        .exclude(pk__in=current.values("entry_id"))
        .order_by("pk")
    )


def faq_embeddings_sweep(limit: int = SWEEP_BATCH) -> int:
    """Scheduler job: embed the entries that have no vectors yet (or outdated ones)."""
    ids = [entry.pk for entry in _needing_vectors()[:limit]]
    done = 0
    entries = FaqEntry.objects.filter(pk__in=ids).select_related("service")
    for entry in entries.prefetch_related("phrasings"):
        done += entry_embed(entry)
    return done


def service_embed_all(service) -> int:
    """Embed (again if needed) every active entry of one service: `passerelle faq embed`."""
    done = 0
    entries = FaqEntry.objects.filter(service=service, is_active=True).select_related("service")
    for entry in entries.prefetch_related("phrasings"):
        done += entry_embed(entry)
    return done

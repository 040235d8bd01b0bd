"""Which verified answers match a question in any language: e5 vectors fused with BM25.

BM25 (faq.matching) finds entries sharing the question's words: exact, but blind to a
question in Somali about an entry written in French. The e5 vectors (passerelle.nlp) find
entries meaning the same thing whatever the languages, but a rare exact term ("RC66",
"EquiPass") counts for little in them. Reciprocal rank fusion adds the two rankings, each
entry scoring 1 / (K + rank) in each, BM25's counting more: an entry both find comes
first, then an exact-term match, then a match in meaning only.

The cosines are squeezed (relevant 0.84–0.92, unrelated up to 0.82) and their level
moves with the question's length and language: no fixed threshold separates a match
from "thank you" (0.78 against every entry). What does is how far an entry stands above
the service's other entries for that question: a match stands out of the median by 0.035
or more, a greeting by 0.02-0.03 (bench/data/nlp_faq.json). So an entry is a candidate
on meaning when it stands out by STAND_OUT, is within MARGIN of the best and above
FLOOR. Nothing here is a probability; the moderator sees a rank, never a score.
"""

from collections.abc import Hashable

import numpy as np

# Rank fusion constant: small, so the first ranks weigh much more than the fifth.
K = 5
BM25_WEIGHT = 1.5
# Meaning-only candidates: cosine at least FLOOR, within MARGIN of the best entry and,
# with enough entries for a median to mean something, STAND_OUT above the median.
FLOOR = 0.78
MARGIN = 0.05
STAND_OUT = 0.03
MIN_ENTRIES_FOR_MEDIAN = 5
# Without a median (a service with a handful of entries): an absolute floor only.
FLOOR_FEW = 0.80


def entry_text(title: str, phrasings: list[str], answer: str) -> str:
    """What is embedded for one entry in one language (faq.embedding)."""
    return "\n".join(part for part in (title, *phrasings, answer) if part)


def semantic_ranking(
    query_vector: np.ndarray, entry_ids: list[Hashable], matrix: np.ndarray
) -> list[tuple[Hashable, float]]:
    """(entry, best cosine over its languages) of the candidates, best first.

    `matrix` holds one row per (entry, language), `entry_ids` the entry of each row.
    """
    if not len(entry_ids):
        return []
    cosines = matrix @ query_vector
    best: dict[Hashable, float] = {}
    for entry_id, cosine in zip(entry_ids, cosines.tolist(), strict=True):
        if cosine > best.get(entry_id, -1.0):
            best[entry_id] = cosine
    ranked = sorted(best.items(), key=lambda pair: -pair[1])
    top = ranked[0][1]
    if len(ranked) >= MIN_ENTRIES_FOR_MEDIAN:
        floor = max(FLOOR, float(np.median([c for _e, c in ranked])) + STAND_OUT)
    else:
        floor = FLOOR_FEW
    return [(e, c) for e, c in ranked if c >= floor and c >= top - MARGIN]


def fuse(
    bm25: list[tuple[Hashable, float]], semantic: list[tuple[Hashable, float]], limit: int
) -> list[tuple[Hashable, float]]:
    """(entry, fused score) best first: reciprocal rank fusion of the two rankings."""
    fused: dict[Hashable, float] = {}
    for weight, ranking in ((BM25_WEIGHT, bm25), (1.0, semantic)):
        for rank, (entry_id, _score) in enumerate(ranking, start=1):
            fused[entry_id] = fused.get(entry_id, 0.0) + weight / (K + rank)
    return sorted(fused.items(), key=lambda pair: -pair[1])[:limit]

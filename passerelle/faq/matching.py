"""Which verified answers match a question: Okapi BM25 over every language's phrasings.

Members write Arabic with or without short vowels, with any of the alef forms, with ta
marbuta written as ha; French with or without accents. Normalisation folds all of these so
the same word always gives the same term, then a light prefix/suffix stripper makes
"المدرسة" and "مدرستي" meet at "مدرس". No model, no download: a few dozen lines.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable

# Harakat, shadda, sukun, superscript alef, Quranic annotation marks and tatweel.
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef forms
        "ى": "ي",  # alef maksura written for ya
        "ة": "ه",  # ta marbuta often typed as ha
        "ؤ": "و",
        "ئ": "ي",
        **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
        **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    }
)
_TOKEN = re.compile(r"\w+")
_ARABIC = re.compile("[\u0600-\u06ff]")
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("هما", "كم", "هم", "ها", "ات", "ون", "ين", "ان", "ه", "ي")
_AR_PRONOUNS = ("هما", "كم", "هم", "ها", "ه", "ي")

STOPWORDS = frozenset(
    # English
    "a an and are as at be by can do does for from how i in is it my of on or the to what "
    "when where which who why will with you your me we our there this that".split()
    # French (accents already folded)
    + "au aux avec ce ces comment de des du est et il je la le les leur ma mes mon ne nous "
    "on ou par pas pour qu que qui quand sa se ses son sur un une vous votre vos y en "
    "dans faut peut quel quelle quels".split()
    # Arabic (normalised: alef unified, ta marbuta as ha)
    + "في من الي علي عن ما ماذا هل كيف متي اين هو هي انا انت نحن هذا هذه ذلك التي الذي او "
    "ثم لا لم لن مع عند كل اي يمكن يمكنني".split()
)

K1 = 1.5
B = 0.75
# A suggestion must share at least a third of the question's terms.
MIN_COVERAGE = 1 / 3


def normalise(text: str) -> str:
    """Fold case, diacritics and Arabic letter variants so equal words compare equal."""
    text = _TASHKEEL.sub("", unicodedata.normalize("NFC", text or ""))
    text = text.translate(_LETTERS).casefold()
    # Latin accents: decompose and drop the combining marks (é → e, ç → c).
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(token: str) -> str:
    if _ARABIC.search(token):
        for prefix in _AR_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                token = token[len(prefix) :]
                break
        for suffix in _AR_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 3:
                token = token[: -len(suffix)]
                # A ta marbuta is written ت before a pronoun: مدرستي is مدرسة + ي.
                if suffix in _AR_PRONOUNS and token.endswith("ت") and len(token) >= 4:
                    token = token[:-1]
                return token
        return token
    # Plural s/x of French and English, kept when it is the whole word's shape ("class").
    if len(token) > 3 and token[-1] in "sx" and token[-2] != "s":
        return token[:-1]
    return token


def terms(text: str) -> list[str]:
    """The index terms of a text: normalised, stop words dropped, lightly stemmed."""
    words = _TOKEN.findall(normalise(text))
    return [_stem(w) for w in words if len(w) > 1 and w not in STOPWORDS]


class Bm25:
    """An in-memory BM25 index over small documents (a service has hundreds, not millions)."""

    def __init__(self, documents: Iterable[tuple[Hashable, str]], k1: float = K1, b: float = B):
        self.k1, self.b = k1, b
        self.docs = [(key, Counter(terms(text))) for key, text in documents]
        self.lengths = [sum(counts.values()) for _key, counts in self.docs]
        self.average = (sum(self.lengths) / len(self.lengths)) if self.docs else 0.0
        self.df = Counter(term for _key, counts in self.docs for term in counts)

    def idf(self, term: str) -> float:
        n, df = len(self.docs), self.df.get(term, 0)
        # The "+1" form never goes negative, so a term in most documents still counts a little.
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def scores(self, query: str, min_coverage: float = 0.0) -> list[tuple[Hashable, float]]:
        """(key, score) of documents sharing terms with the query, best first.

        `min_coverage`: the share of the query's terms a document must contain, so that one
        common word ("Ontario") in a long question does not make a match.
        """
        query_terms = set(terms(query))
        needed = max(1, math.ceil(len(query_terms) * min_coverage))
        results = []
        for (key, counts), length in zip(self.docs, self.lengths, strict=True):
            score, matched = 0.0, 0
            for term in query_terms:
                tf = counts.get(term, 0)
                if tf:
                    matched += 1
                    norm = 1 - self.b + self.b * length / (self.average or 1)
                    score += self.idf(term) * tf * (self.k1 + 1) / (tf + self.k1 * norm)
            if matched >= needed:
                results.append((key, score))
        results.sort(key=lambda pair: -pair[1])
        return results


def best_per_group(
    query: str, documents: Iterable[tuple[Hashable, Hashable, str]], limit: int = 5
) -> list[tuple[Hashable, float]]:
    """Rank groups (FAQ entries) by their best document (phrasing): (group, score) best first.

    Each phrasing is its own document so an entry asked six ways in three languages is not
    penalised for its length against an entry asked one way.
    """
    documents = list(documents)
    index = Bm25((i, text) for i, (_group, _key, text) in enumerate(documents))
    best: dict[Hashable, float] = {}
    for i, score in index.scores(query, min_coverage=MIN_COVERAGE):
        group = documents[i][0]
        best[group] = max(best.get(group, 0.0), score)
    return sorted(best.items(), key=lambda pair: -pair[1])[:limit]

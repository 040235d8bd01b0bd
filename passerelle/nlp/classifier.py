"""A small classifier over sentence vectors: multinomial logistic regression in numpy.

For the labels a service gives its messages (questions.label_suggestions): a few hundred
to a few thousand examples of 384 dimensions and four classes train in well under a
second by plain gradient descent, with no new dependency. Weights are one float32 array
of (classes, dimensions + 1), the last column the bias, so they store as bytes.
"""

import numpy as np

L2 = 1e-3
STEPS = 300
LEARNING_RATE = 2.0


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def _with_bias(x: np.ndarray) -> np.ndarray:
    return np.hstack([x, np.ones((x.shape[0], 1), dtype=x.dtype)])


def train(x: np.ndarray, y: np.ndarray, n_classes: int) -> np.ndarray:
    """Weights fitted to vectors `x` (n, d) and class indexes `y` (n,).

    Classes are weighted by their inverse frequency: a service's history is mostly one
    label ("information" in a one-way group), and an unweighted model would learn to say
    that label always.
    """
    x = _with_bias(np.asarray(x, dtype=np.float64))
    y = np.asarray(y, dtype=np.int64)
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    sample_weight = (len(y) / (n_classes * np.maximum(counts, 1)))[y]
    sample_weight /= sample_weight.sum()
    onehot = np.eye(n_classes)[y]
    w = np.zeros((n_classes, x.shape[1]))
    for _step in range(STEPS):
        probs = _softmax(x @ w.T)
        grad = ((probs - onehot) * sample_weight[:, None]).T @ x + L2 * w
        w -= LEARNING_RATE * grad
    return w.astype(np.float32)


def predict(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The class index of each row of `x`."""
    return (_with_bias(np.asarray(x, dtype=np.float32)) @ weights.T).argmax(axis=1)


def held_out_split(y: np.ndarray, share: float = 0.2, seed: int = 17):
    """(train indexes, test indexes): `share` of each class held out, the same every time."""
    rng = np.random.default_rng(seed)
    train_idx, test_idx = [], []
    for label in np.unique(y):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        cut = int(round(len(idx) * share)) if len(idx) >= 5 else 0
        test_idx.extend(idx[:cut])
        train_idx.extend(idx[cut:])
    return np.array(sorted(train_idx), dtype=np.int64), np.array(sorted(test_idx), dtype=np.int64)


def to_bytes(weights: np.ndarray) -> bytes:
    return np.asarray(weights, dtype="<f4").tobytes()


def from_bytes(data: bytes, n_classes: int) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4").reshape(n_classes, -1)

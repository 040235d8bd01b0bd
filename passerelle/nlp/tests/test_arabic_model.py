"""The arabic-toxic model scored with numpy gives the package's own scores and labels."""

import subprocess
import sys
import warnings

import numpy as np
import pytest

from passerelle.nlp import arabic_model

TEXTS = [
    "يلعن امك يا ابن الحمار",
    "انت غبي وحمار ووسخ",
    "اللي يسوي كذا كلب ابن كلب",
    "مرحبا، أين أجد مكتب الهجرة في المدينة؟",
    "شلون اقدر اسجل بالمدرسة؟ ههههههه @ali http://example.org/x",
    "كلام عادي عن السكن",
    "إلى متى الانتظار يا جماعة؟ ــــ",
    "ok",
    "",
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("models") / arabic_model.cache_name()
    arabic_model.export(path)
    return arabic_model.ArabicModel(path)


def test_scores_and_labels_match_the_package(exported):
    from arabic_toxic import classifier

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipeline = classifier._load_bundle()["pipeline"]
        for text in TEXTS:
            theirs = pipeline.predict_proba([classifier.normalize_arabic(text)])[0]
            assert np.allclose(exported.probabilities(text), theirs, atol=1e-6), text
            assert exported.classify(text)["labels"] == classifier.classify(text)["labels"]
    assert "Cussing" in exported.classify(TEXTS[0])["labels"]
    assert exported.classify(TEXTS[3]) == {**exported.classify(TEXTS[3]), "labels": ["NOT"]}


def test_normalisation_is_the_packages():
    from arabic_toxic import classifier

    for text in TEXTS + ["أإآٱ ى ؤ ئ #وسم", "جمييييل"]:
        assert arabic_model.normalize_arabic(text) == classifier.normalize_arabic(text)


def test_terms_are_scikit_learns(exported):
    from arabic_toxic import classifier

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        word, char = classifier._load_bundle()["pipeline"][0].transformer_list
    text = "Salut  les amis ça va   bien? a b"
    assert arabic_model.word_terms(text) == word[1].build_analyzer()(text)
    assert arabic_model.char_terms(text) == char[1].build_analyzer()(text)


def test_a_worker_never_imports_scikit_learn(tmp_path):
    """A new interpreter loads the model (exporting it in a child) and stays without it."""
    code = (
        "import sys; from passerelle.nlp import arabic_model; "
        f"m = arabic_model.load({str(tmp_path)!r}); "
        "assert m.classify('يلعن امك يا ابن الحمار')['is_toxic']; "
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('sklearn', 'scipy', 'joblib')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert result.stdout.strip() == "[]"
    assert (tmp_path / arabic_model.cache_name()).exists()

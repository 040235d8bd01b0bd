"""Language assistance benchmark, detection part: language of a message, personal details,
possibly offensive words — accuracy on the data sets of bench/data/, memory after loading
each model, time per call. No database, no network. Prints ONE JSON line.

    .venv/bin/python bench/nlp_detect.py

`run()` returns the same figures as a dict (bench/nlp.py combines it with the FAQ part).
Fields:
- language_accuracy, language_n, language_errors: exact code over bench/data/nlp_language.tsv
  (ar incl. dialects, fa, uk, es, so, ti/am, fr, en, informal and mixed; "" expected for one
  or two words and Arabizi);
- details_recall, details_false_positives (lines with no detail where one was found),
  details_n: over bench/data/nlp_details.tsv, phone regions CA + those of ar, fr, fa, es;
- offensive_recall, offensive_false_positives, offensive_n: bench/data/nlp_offensive.tsv;
- rss_mb: resident memory after Django's setup, then after loading each model in turn
  (cumulative), and rss_mb["all"]; load_s: seconds each load took;
- ms: mean and p95 milliseconds per call of language_of, details_found, offensive_found.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    # Current resident set (not the peak), from /proc: what the process holds now.
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _rows(name: str):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            expected, text = line.split("\t", 1)
            yield expected, text


def _timed(function, texts):
    times = []
    results = []
    for text in texts:
        start = time.perf_counter()
        results.append(function(text))
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return results, {"mean": round(statistics.mean(times), 3), "p95": round(p95, 3)}


def run() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelle.settings")
    import django

    django.setup()
    rss = {"django": _rss_mb()}
    load_s = {}

    from passerelle.nlp import details, language, offensive

    start = time.perf_counter()
    language.languages_load()
    load_s["language"] = round(time.perf_counter() - start, 2)
    rss["language"] = _rss_mb()
    start = time.perf_counter()
    offensive._word_filter()
    offensive._word_filter().check_profanity("warm up the word lists")
    load_s["word_lists"] = round(time.perf_counter() - start, 2)
    rss["word_lists"] = _rss_mb()
    start = time.perf_counter()
    offensive._arabic_model()
    load_s["arabic_toxic"] = round(time.perf_counter() - start, 2)
    rss["arabic_toxic"] = _rss_mb()

    ms = {}
    # Language of a message.
    rows = list(_rows("nlp_language.tsv"))
    languages, ms["language_of"] = _timed(language.language_of, [t for _e, t in rows])
    errors = [
        {"expected": e, "found": f, "text": t}
        for (e, t), f in zip(rows, languages, strict=True)
        if e != f
    ]
    # Personal details.
    regions = ["CA", *details.regions_of_languages(["ar", "fr", "fa", "es"])]
    rows = list(_rows("nlp_details.tsv"))
    found, ms["details_found"] = _timed(
        lambda t: details.details_found(t, regions), [t for _e, t in rows]
    )
    expected_kinds = sum(len(e.split(",")) for e, _t in rows if e)
    recalled = sum(
        len(set(e.split(",")) & set(f)) for (e, _t), f in zip(rows, found, strict=True) if e
    )
    clean = [(e, f) for (e, _t), f in zip(rows, found, strict=True) if not e]
    # Offensive words.
    orows = list(_rows("nlp_offensive.tsv"))
    ofound, ms["offensive_found"] = _timed(offensive.offensive_found, [t for _e, t in orows])
    flagged = [bool(f) for f in ofound]
    positives = [f for (e, _t), f in zip(orows, flagged, strict=True) if e == "1"]
    negatives = [f for (e, _t), f in zip(orows, flagged, strict=True) if e == "0"]
    rss["all"] = _rss_mb()
    return {
        "language_accuracy": round(1 - len(errors) / len(languages), 3),
        "language_n": len(languages),
        "language_errors": errors,
        "details_recall": round(recalled / expected_kinds, 3),
        "details_false_positives": sum(1 for _e, f in clean if f),
        "details_n": len(rows),
        "offensive_recall": round(sum(positives) / len(positives), 3),
        "offensive_false_positives": sum(negatives),
        "offensive_n": len(orows),
        "rss_mb": rss,
        "load_s": load_s,
        "ms": ms,
        # Times are for this machine under this load (other work shares its cores).
        "load_avg": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False))

"""Language assistance, the whole benchmark: one JSON line (issue 17).

    .venv/bin/python bench/nlp.py

Runs, in one process, the detection part (bench/nlp_detect.py: language identification,
personal details, offensive words) then the FAQ part (bench/nlp_faq.py: top-3 accuracy and
time per query across languages, then the same questions through the application on a
new SQLite database: bench/nlp_faq.py --app), and reports the memory of the process with
every model loaded: what a worker with everything on holds. No network.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelle.settings")

MEMORY_GOAL_MB = 400


def main(data_dir: str) -> dict:
    import nlp_detect
    import nlp_faq

    nlp_faq.app_setup(data_dir)
    detection = nlp_detect.run()
    faq = nlp_faq.run()
    app = nlp_faq.app_run(nlp_faq.load())
    rss = nlp_faq._rss_mb()
    return {
        "bench": "nlp",
        "language_accuracy": detection["language_accuracy"],
        "details_recall": detection["details_recall"],
        "details_false_positives": detection["details_false_positives"],
        "offensive_recall": detection["offensive_recall"],
        "offensive_false_positives": detection["offensive_false_positives"],
        "faq_top3_accuracy": faq["top3_accuracy"],
        "faq_p95_ms": faq["p95_ms"],
        "faq_cpu_p95_ms": faq["cpu_p95_ms"],
        # Through faq.selectors, database reads included (4 statements a question).
        **app,
        "rss_all_models_mb": round(rss, 1),
        "goals_met": {
            "faq_top3_accuracy": faq["top3_accuracy"] >= 0.9,
            "faq_p95_ms": faq["p95_ms"] <= 50 and app["app_p95_ms"] <= 50,
            "memory": rss < MEMORY_GOAL_MB,
        },
        "load_avg": round(os.getloadavg()[0], 2),
        "detection": detection,
        "faq": faq,
    }


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="bench-nlp-") as tmp:
        print(json.dumps(main(tmp), ensure_ascii=False))

"""Language assistance that runs on the agency's own machine (docs/nlp.md).

Plain functions over text: which language, which FAQ entries, which label, what to flag.
No Django models and no domain here; the domain calls these and decides. Models load
lazily, once per process, from files shipped inside PyPI packages: nothing is downloaded.
"""

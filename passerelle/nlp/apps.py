from django.apps import AppConfig


class NlpConfig(AppConfig):
    # An app only for its `passerelle nlp` command: no models (docs/nlp.md).
    name = "passerelle.nlp"
    label = "nlp"

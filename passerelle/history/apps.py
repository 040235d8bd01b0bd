from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "passerelle.history"
    label = "history"

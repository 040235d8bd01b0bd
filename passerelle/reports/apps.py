from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "passerelle.reports"
    label = "reports"

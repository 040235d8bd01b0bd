from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "passerelle.api"
    label = "api"

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "passerelle.web"
    label = "web"

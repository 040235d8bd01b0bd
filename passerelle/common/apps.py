from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "passerelle.common"
    label = "common"

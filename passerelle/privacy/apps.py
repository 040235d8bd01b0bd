from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "passerelle.privacy"
    label = "privacy"

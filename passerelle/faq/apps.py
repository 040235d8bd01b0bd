from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "passerelle.faq"
    label = "faq"

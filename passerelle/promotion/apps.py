from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "passerelle.promotion"
    label = "promotion"

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "passerelle.evaluation"
    label = "evaluation"

from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "passerelle.questions"
    label = "questions"

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "passerelle.conversations"
    label = "conversations"

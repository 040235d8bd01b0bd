from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "passerelle.conversations"
    label = "conversations"

    def ready(self):
        from passerelle.conversations.merge import register_conversations

        # Its part of a member merge (members.merge).
        register_conversations()

from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "passerelle.questions"
    label = "questions"

    def ready(self):
        from passerelle.conversations.services.sending import staff_reply_listen
        from passerelle.questions.services import private_waits_answer

        staff_reply_listen(private_waits_answer)
        from passerelle.questions.merge import register_questions

        # Its part of a member merge (members.merge).
        register_questions()

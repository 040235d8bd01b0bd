from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "passerelle.surveys"
    label = "surveys"

    def ready(self):
        # The prompt engine hands survey answers to this owner (docs/surveys.md).
        from passerelle.surveys import owner

        owner.register_owner()
        from passerelle.surveys.merge import register_surveys

        # Its part of a member merge (members.merge).
        register_surveys()

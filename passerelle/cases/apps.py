from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "passerelle.cases"
    label = "cases"

    def ready(self):
        from passerelle.cases.consent import OWNER, ConsentOwner
        from passerelle.cases.enrolment import enrol_on_accept
        from passerelle.communities.signals import intake_accepted
        from passerelle.prompts import owners

        # A consent request is a prompt: the client's "1" or "2" comes back here.
        owners.register(OWNER, ConsentOwner())
        # A caseworker accepting a join request to a one-to-one service opens the file.
        intake_accepted.connect(enrol_on_accept, dispatch_uid="cases-enrol-on-accept")

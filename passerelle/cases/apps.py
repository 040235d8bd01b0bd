from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "passerelle.cases"
    label = "cases"

    def ready(self):
        from django.db.models.signals import post_save

        from passerelle.cases.clients import CHECKIN_OWNER, survey_clients
        from passerelle.cases.consent import OWNER, ConsentOwner
        from passerelle.cases.enrolment import enrol_on_accept
        from passerelle.cases.followup import CheckinOwner
        from passerelle.cases.merge import register_cases
        from passerelle.communities.signals import intake_accepted
        from passerelle.prompts import owners
        from passerelle.referrals.models import Referral
        from passerelle.surveys.selectors import audience_extra_register

        # A consent request is a prompt: the client's "1" or "2" comes back here.
        owners.register(OWNER, ConsentOwner())
        # A caseworker accepting a join request to a one-to-one service opens the file.
        intake_accepted.connect(enrol_on_accept, dispatch_uid="cases-enrol-on-accept")

        # The check-in's "how are things going?" is a prompt: its answers come back here.
        owners.register(CHECKIN_OWNER, CheckinOwner())
        # Satisfaction surveys (§8) reach the clients, who are in no group.
        audience_extra_register("case_clients", survey_clients)
        # A referral made through the referrals' own flow lands on the client's file
        # (referrals sit below cases and cannot call it).
        post_save.connect(_referral_saved, sender=Referral, dispatch_uid="cases_referral")
        # Its part of a member merge (members.merge).
        register_cases()


def _referral_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from passerelle.cases.protocol import referral_recorded

        referral_recorded(instance)

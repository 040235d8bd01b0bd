"""A member waiting in the join queue with an answer, and a photo they sent privately."""

from django.utils import timezone

from passerelle.communities.models import Intake, IntakeAnswer
from passerelle.communities.services import membership_ensure
from passerelle.conversations.models import Message
from passerelle.conversations.services import private_thread_for
from passerelle.members.services import member_for_identity

SECRET_ANSWER = "Vanier, since March"


def member_waiting(service):
    now = timezone.now()
    member, _new = member_for_identity(
        org=service.org, platform="simulator", address="sim-rana", name="Rana"
    )
    membership = membership_ensure(service=service, member=member)
    intake = Intake.objects.create(
        org_id=service.org_id,
        service=service,
        membership=membership,
        source="start",
        state=Intake.State.REVIEW,
        started_at=now,
        completed_at=now,
    )
    IntakeAnswer.objects.create(
        org_id=service.org_id,
        intake=intake,
        key="area",
        prompt="Where do you live?",
        value=SECRET_ANSWER,
        answered_at=now,
    )
    photo = Message.objects.create(
        org_id=service.org_id,
        service=service,
        thread=private_thread_for(service, member),
        direction=Message.Direction.IN,
        member=member,
        media_kind=Message.Media.PHOTO,
        extra={"media": {"file_id": "f1", "file_name": "passport.jpg"}},
        created_at=now,
    )
    return membership, photo

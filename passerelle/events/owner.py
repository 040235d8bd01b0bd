"""Events as an owner of prompts: the reply 1 to "to register, reply 1" registers."""

from passerelle.events.models import Event
from passerelle.events.services import OWNER, registration_add
from passerelle.prompts import owners


class EventOwner:
    def answered(self, *, prompt, answer, at) -> None:
        event = Event.objects.filter(pk=prompt.owner_id).select_related("service", "post").first()
        if event is None or answer.skipped or event.starts_at <= at:
            return
        registration_add(event=event, member=prompt.member, via="reply", at=at)

    def expired(self, *, prompt, at) -> None:
        """Not registering is an answer too: nothing to keep."""


def register_owner() -> None:
    owners.register(OWNER, EventOwner())

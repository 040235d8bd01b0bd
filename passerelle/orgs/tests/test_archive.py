"""An archived service is read-only: nothing more is sent from it; its rows stay."""

import pytest
from django.core.exceptions import ValidationError

from passerelle.conversations.models import Message
from passerelle.conversations.services import group_thread_for
from passerelle.conversations.services.sending import message_send
from passerelle.orgs.models import Role, StaffEvent
from passerelle.orgs.services import service_archive
from passerelle.orgs.signals import service_archiving
from passerelle.testing.factories import make_staff

pytestmark = pytest.mark.django_db


def test_archiving_stops_every_send_and_keeps_the_history(service):
    thread = group_thread_for(service)
    message_send(thread=thread, text="Before archiving")
    _user, admin = make_staff(service, Role.ADMIN)
    heard = []

    def receiver(sender, service, actor, **kwargs):
        # The hook runs while the service can still send (the closing announcement's place).
        heard.append(service.archived_at)

    service_archiving.connect(receiver)
    try:
        service_archive(role=admin)
    finally:
        service_archiving.disconnect(receiver)
    assert heard == [None]
    service.refresh_from_db()
    assert service.is_archived
    with pytest.raises(ValidationError, match="archived"):
        message_send(thread=group_thread_for(service), text="After archiving")
    assert list(Message.objects.filter(service=service).values_list("text", flat=True)) == [
        "Before archiving"
    ]
    assert StaffEvent.objects.filter(service=service, kind="archived").count() == 1

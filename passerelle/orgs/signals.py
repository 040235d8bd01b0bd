"""Hooks other apps connect to; orgs sits at the bottom and calls nobody above it."""

from django.dispatch import Signal

# Sent by orgs.services.service_archive with `service` and `actor`, inside its transaction
# and before the service is marked archived (after that, message_send refuses to send):
# the posts app's closing announcement to the members (posts.closing) is sent there. A
# receiver that raises stops the archiving.
service_archiving = Signal()

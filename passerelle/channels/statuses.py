"""Delivery reports from platforms (sent, delivered, read, failed) applied to our sends.

Reports arrive late, twice, out of order and in batches: a state only moves forward
(queued → sent → delivered → read), so applying a report again changes nothing, and a
"failed" never overwrites a "read".
"""

import logging
from datetime import timedelta

from django.utils import timezone

from passerelle.channels.models import OutboundMessage

log = logging.getLogger(__name__)

State = OutboundMessage.State
# The states each report may move a row out of.
_EARLIER = {
    State.SENT: [State.QUEUED, State.SENDING],
    State.DELIVERED: [State.QUEUED, State.SENDING, State.SENT],
    State.READ: [State.QUEUED, State.SENDING, State.SENT, State.DELIVERED],
    State.FAILED: [State.QUEUED, State.SENDING, State.SENT, State.DELIVERED],
}
# A report may overtake the API answer that gives us the message id; wait that long for it.
_EARLY_REPORT_WINDOW = timedelta(minutes=5)


class ReportTooEarly(Exception):
    """The report names a send whose API answer is not stored yet: process it again later."""


def outbound_status_apply(*, channel, event) -> int:
    """Apply one delivery report; returns how many rows changed."""
    status = (event.extra or {}).get("status")
    if status not in _EARLIER:
        return 0
    rows = OutboundMessage.objects.filter(channel=channel)
    if event.platform_message_id:
        rows = rows.filter(platform_message_id=event.platform_message_id)
        if not rows.exists():
            _maybe_too_early(channel, event)
            return 0
    elif (watermark := event.extra.get("watermark")) and event.sender_address:
        rows = rows.filter(recipient=event.sender_address, sent_at__lte=watermark)
    else:
        return 0
    changes = {"state": status}
    if status == State.FAILED:
        changes["error"] = str(event.extra.get("error") or "failed")[:2000]
    changed = rows.filter(state__in=_EARLIER[status]).update(**changes)
    if changed:
        log.info("channel %s: %d send(s) now %s", channel.pk, changed, status)
    return changed


def _maybe_too_early(channel, event) -> None:
    # Only worth waiting for when one of our sends to this person is still in flight;
    # otherwise the report is about a message sent by another tool on the same account.
    recipient = event.extra.get("recipient") or ""
    if not recipient:
        return
    recent = timezone.now() - _EARLY_REPORT_WINDOW
    if OutboundMessage.objects.filter(
        channel=channel, recipient=recipient, state=State.SENDING, created_at__gte=recent
    ).exists():
        raise ReportTooEarly(f"no send {event.platform_message_id} yet; a send is in flight")

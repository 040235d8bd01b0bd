"""Retention per service: how long raw bodies, call logs, media links and message texts are
kept, and the scheduler job that forgets what is older.

Each service is claimed by a conditional update on its policy's `swept_at`, so two
schedulers never sweep it together and a sweep runs at most every RETENTION_SWEEP_MINUTES;
each kind of data goes in bounded batches (ids first, then one short statement). A
service with more to forget than one batch is swept again at the next tick.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from passerelle.channels.models import Channel
from passerelle.channels.privacy import (
    channel_logs_prune,
    native_files_prune,
    outbound_media_prune,
    outbound_text_prune,
    outgoing_files_prune,
    raw_events_prune,
)
from passerelle.conversations.services import messages_media_expire, messages_retention_expire
from passerelle.orgs.models import Service
from passerelle.orgs.permissions import require
from passerelle.privacy.models import RetentionPolicy

BATCH = 1000
EDITABLE = ("raw_event_days", "channel_log_days", "media_days", "message_days")


def retention_for(service) -> RetentionPolicy:
    """The service's retention, created with the defaults on first use."""
    policy, _created = RetentionPolicy.objects.get_or_create(
        service=service, defaults={"org_id": service.org_id}
    )
    return policy


def retention_update(*, role, **values) -> RetentionPolicy:
    """An administrator changes how long the service keeps each kind of data."""
    require(role, "configure")
    policy = retention_for(role.service)
    for name, value in values.items():
        if name not in EDITABLE:
            raise ValueError(f"{name} is not a retention setting")
        setattr(policy, name, value)
    policy.updated_by = role.user
    policy.full_clean()
    policy.save()
    return policy


def _sweep_service(policy: RetentionPolicy, now) -> tuple[int, bool]:
    """Forget one batch of each kind; (rows, whether a batch was full)."""
    service_id = policy.service_id
    channel_ids = list(Channel.objects.filter(service_id=service_id).values_list("pk", flat=True))
    days = timedelta(days=1)
    done = [
        raw_events_prune(
            channel_ids=channel_ids,
            processed_before=now - policy.raw_event_days * days,
            limit=BATCH,
        ),
        channel_logs_prune(
            channel_ids=channel_ids, before=now - policy.channel_log_days * days, limit=BATCH
        ),
        messages_media_expire(
            service_id=service_id, before=now - policy.media_days * days, limit=BATCH
        ),
        outbound_media_prune(
            channel_ids=channel_ids, before=now - policy.media_days * days, limit=BATCH
        ),
        native_files_prune(
            channel_ids=channel_ids, before=now - policy.media_days * days, limit=BATCH
        ),
        outgoing_files_prune(
            service_id=service_id, before=now - policy.media_days * days, limit=BATCH
        ),
    ]
    if policy.message_days:
        expired = messages_retention_expire(
            service_id=service_id, before=now - policy.message_days * days, limit=BATCH
        )
        outbound_text_prune(source_ids=expired)
        done.append(len(expired))
    return sum(done), any(n >= BATCH for n in done)


def retention_sweep() -> int:
    """Scheduler job: forget, per service, what is past its retention; returns how many rows."""
    now = timezone.now()
    interval = timedelta(minutes=settings.RETENTION_SWEEP_MINUTES)
    missing = Service.objects.filter(retention__isnull=True)
    for service in missing.only("pk", "org_id")[:100]:
        retention_for(service)
    total = 0
    due = RetentionPolicy.objects.filter(
        Q(swept_at__isnull=True) | Q(swept_at__lt=now - interval)
    ).order_by("swept_at", "pk")
    for policy in list(due[:100]):
        claimed = RetentionPolicy.objects.filter(pk=policy.pk, swept_at=policy.swept_at).update(
            swept_at=now
        )
        if claimed != 1:
            continue
        done, more = _sweep_service(policy, now)
        total += done
        if more:
            # More than a batch waits: the next tick takes this service again.
            RetentionPolicy.objects.filter(pk=policy.pk, swept_at=now).update(swept_at=None)
    return total

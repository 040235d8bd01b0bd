"""Suggested labels: the activity-table line a message probably belongs to (docs/nlp.md).

Learned from the service's own labelled messages (a group about housing labels
differently from a one-way news channel): their e5 vectors (passerelle.nlp.embeddings)
train a logistic regression (passerelle.nlp.classifier). Nothing is labelled by itself:
the moderator sees "Suggested: Information" and clicks it, or not.

No classifier before MIN_LABELS labels; the scheduled job (labels_retrain_sweep) queues a
training when RETRAIN_AFTER new labels exist since the last one. A service with the part
off (`assistance_on("labels")`) is neither trained nor shown suggestions.
"""

import logging
import time
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from passerelle.common.kept import KeptPerService
from passerelle.conversations.models import Label, Message
from passerelle.nlp import classifier, embeddings
from passerelle.orgs.models import Service
from passerelle.questions.models import LabelClassifier
from passerelle.questions.tasks import train_label_classifier

log = logging.getLogger(__name__)

MIN_LABELS = 50
RETRAIN_AFTER = 25
# The most recent labelled messages trained on: older habits matter less, and embedding
# takes about 15 ms a message (a few thousand is a minute of a background worker).
MAX_TRAIN = 3000
# A queued training not finished after this long (a worker killed) may be queued again.
QUEUE_TIMEOUT = timedelta(hours=1)
SERVICES_PER_TICK = 5
# A process keeps a service's trained classifier a minute (common.kept): an inbox page reads
# it for nothing, and a classifier trained by the worker is shown within the minute.
CLASSIFIER_KEPT_SECONDS = 60
_kept: KeptPerService = KeptPerService(CLASSIFIER_KEPT_SECONDS)
# When this process's sweep may next count labels (settings.LABELS_SWEEP_MINUTES apart):
# counting every service's labels at every 5-second tick would be most of the tick.
_next_sweep = 0.0


def _labelled(service_id: int):
    """Inbound messages of the service with a label and a text, newest first."""
    return (
        Message.objects.filter(service_id=service_id, direction=Message.Direction.IN)
        .exclude(label="")
        .filter(redacted="")
        .exclude(text="")
    )


def labelled_count(service_id: int) -> int:
    return _labelled(service_id).count()


def label_classifier_train(service: Service) -> LabelClassifier | None:
    """Train (again) the service's classifier; None below MIN_LABELS or with the part off."""
    if not service.assistance_on("labels"):
        return None
    total = labelled_count(service.pk)
    rows = list(
        _labelled(service.pk)
        .order_by("-created_at", "-id")
        .values_list("text", "label")[:MAX_TRAIN]
    )
    if len(rows) < MIN_LABELS:
        LabelClassifier.objects.filter(service=service).update(queued_at=None)
        return None
    labels = sorted({label for _text, label in rows})
    index = {label: i for i, label in enumerate(labels)}
    x = embeddings.embed([text for text, _label in rows], kind="query")
    y = np.array([index[label] for _text, label in rows])
    fit, test = classifier.held_out_split(y)
    per_label = {}
    accuracy = None
    if len(test) and len(labels) > 1:
        held_model = classifier.train(x[fit], y[fit], len(labels))
        predicted = classifier.predict(held_model, x[test])
        accuracy = float((predicted == y[test]).mean())
        for label, i in index.items():
            mask = y[test] == i
            per_label[label] = {
                "held_out": int(mask.sum()),
                "right": int((predicted[mask] == i).sum()),
            }
    weights = classifier.train(x, y, len(labels))
    with transaction.atomic():
        row, _created = LabelClassifier.objects.update_or_create(
            service=service,
            defaults={
                "org_id": service.org_id,
                "model_version": embeddings.model_version(),
                "labels": labels,
                "weights": classifier.to_bytes(weights),
                "labelled_count": total,
                "trained_on": len(rows),
                "held_out": int(len(test)),
                "accuracy": accuracy,
                "per_label": per_label,
                "trained_at": timezone.now(),
                "queued_at": None,
            },
        )
    _kept.forget(service)
    return row


def _due(row: LabelClassifier | None, count: int, now) -> bool:
    if row is not None and row.queued_at and row.queued_at > now - QUEUE_TIMEOUT:
        return False  # one training at a time per service
    if count < MIN_LABELS:
        return False
    if row is None or row.trained_at is None:
        return True
    return (
        count - row.labelled_count >= RETRAIN_AFTER
        or row.model_version != embeddings.model_version()
    )


def labels_retrain_sweep() -> int:
    """Scheduler job: queue a training for services with enough new labels; how many."""
    global _next_sweep
    if time.monotonic() < _next_sweep:
        return 0
    _next_sweep = time.monotonic() + settings.LABELS_SWEEP_MINUTES * 60
    now = timezone.now()
    # Not exclude(…=False): a missing key (the part on by default) would compare NULL.
    services = Service.objects.filter(archived_at__isnull=True).filter(
        Q(assistance__labels__isnull=True) | Q(assistance__labels=True)
    )
    counts = dict(
        Message.objects.filter(direction=Message.Direction.IN, service__in=services, redacted="")
        .exclude(label="")
        .exclude(text="")
        .values_list("service_id")
        .annotate(n=Count("id"))
        .filter(n__gte=MIN_LABELS)
    )
    rows = {r.service_id: r for r in LabelClassifier.objects.filter(service_id__in=counts)}
    queued = 0
    for service in services.filter(pk__in=counts).order_by("pk"):
        if queued >= SERVICES_PER_TICK:
            _next_sweep = 0.0  # more are due: the next tick goes on
            break
        if not _due(rows.get(service.pk), counts[service.pk], now):
            continue
        LabelClassifier.objects.update_or_create(
            service=service, defaults={"org_id": service.org_id, "queued_at": now}
        )
        transaction.on_commit(lambda pk=service.pk: train_label_classifier.enqueue(pk))
        queued += 1
    return queued


def _classifier_read(service) -> tuple[LabelClassifier, np.ndarray] | None:
    row = LabelClassifier.objects.filter(service=service, trained_at__isnull=False).first()
    if row is None or row.model_version != embeddings.model_version() or not row.labels:
        return None
    return row, classifier.from_bytes(row.weights, len(row.labels))


def _classifier(service) -> tuple[LabelClassifier, np.ndarray] | None:
    if not service.assistance_on("labels"):
        return None
    return _kept.get(service, lambda: _classifier_read(service))


def suggest_labels(service, messages) -> dict[int, str]:
    """message id → suggested label, for the unlabelled inbound messages with a text."""
    wanted = [
        m
        for m in messages
        if m.direction == Message.Direction.IN and not m.label and not m.redacted and m.text
    ]
    found = _classifier(service) if wanted else None
    if found is None:
        return {}
    row, weights = found
    predicted = classifier.predict(weights, embeddings.embed([m.text for m in wanted]))
    return {m.pk: row.labels[i] for m, i in zip(wanted, predicted.tolist(), strict=True)}


def label_suggestions_attach(role, messages) -> None:
    """Set `suggested_label` and `suggested_label_name` on the messages the role may label."""
    names = dict(Label.choices)
    suggested = suggest_labels(role.service, messages) if role.can("label") else {}
    for message in messages:
        message.suggested_label = suggested.get(message.pk, "")
        message.suggested_label_name = names.get(message.suggested_label, "")


def classifier_report(service) -> dict:
    """What the labelling page says about the suggestions: state, accuracy, labels."""
    row = LabelClassifier.objects.filter(service=service).first()
    count = labelled_count(service.pk)
    names = dict(Label.choices)
    report = {
        "on": service.assistance_on("labels"),
        "labelled": count,
        "needed": max(0, MIN_LABELS - count),
        "min_labels": MIN_LABELS,
        "row": row if row is not None and row.trained_at else None,
        "queued": bool(row and row.queued_at),
        "per_label": [],
    }
    if report["row"] is not None:
        for label, counts in sorted(row.per_label.items()):
            report["per_label"].append({"name": names.get(label, label), **counts})
    return report

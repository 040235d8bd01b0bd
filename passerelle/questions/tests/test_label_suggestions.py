"""Suggested labels: learned from the service's own labels, none before 50, retrained by the
job when enough new ones exist, shown as one click, applied in bulk only once confirmed."""

import itertools

import pytest

from passerelle.conversations.models import Message
from passerelle.questions.label_suggestions import (
    MIN_LABELS,
    RETRAIN_AFTER,
    label_classifier_train,
    labels_retrain_sweep,
    suggest_labels,
)
from passerelle.questions.models import LabelClassifier
from passerelle.questions.tests.helpers import inbound, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sweep_every_call(settings, monkeypatch):
    """The job counts labels every LABELS_SWEEP_MINUTES; here, at every call."""
    from passerelle.questions import label_suggestions

    settings.LABELS_SWEEP_MINUTES = 0
    monkeypatch.setattr(label_suggestions, "_next_sweep", 0.0)


TOPICS = [
    ("register my kids at school", "l'inscription à l'école"),
    ("get a health card", "la carte santé"),
    ("find an apartment", "un logement"),
    ("get a bus pass", "la carte Presto"),
    ("find a family doctor", "un médecin de famille"),
    ("take English classes", "les cours de français"),
    ("file my taxes", "les impôts"),
    ("open a bank account", "un compte bancaire"),
]
DAYS = ["Monday", "Tuesday", "Saturday", "tomorrow"]
REQUESTS = [
    "How do I {en}?",
    "Where can I {en}? Thanks",
    "Bonjour, comment faire pour {fr} ?",
    "Can someone tell me how to {en}",
]
INFORMATION = [
    "For everyone: the office for {fr} is closed on {day}.",
    "FYI, the clinic about {fr} opens again {day} at 9.",
    "Good news, the workshop on {fr} is free this {day}.",
]
OTHER = [
    "Thank you so much!",
    "Merci beaucoup 🙏",
    "Good morning everyone",
    "شكرا جزيلا",
    "Bonne soirée à tous",
    "Happy Eid to all the families",
    "hello hello",
    "Дякую!",
]


def examples():
    """(text, label) pairs: 32 requests, 32 information notes, 8 other messages, cycled."""
    requests = [t.format(en=en, fr=fr) for t in REQUESTS for en, fr in TOPICS]
    infos = [
        t.format(fr=fr, day=day)
        for (t, (_en, fr)), day in zip(
            itertools.product(INFORMATION, TOPICS), itertools.cycle(DAYS), strict=False
        )
    ]
    return (
        [(t, "request") for t in requests]
        + [(t, "information") for t in infos]
        + [(t, "other") for t in OTHER * 2]
    )


def labelled(service, pairs):
    member = make_member(service, language="fr")
    created = []
    for text, label in pairs:
        message = inbound(service, text=text, member=member)
        # Set up as history already labelled: the rule that opens questions is not the subject.
        Message.objects.filter(pk=message.pk).update(label=label)
        created.append(message)
    return created


def test_no_classifier_before_fifty_labels(service, django_capture_on_commit_callbacks):
    labelled(service, examples()[: MIN_LABELS - 1])
    assert label_classifier_train(service) is None
    with django_capture_on_commit_callbacks(execute=True):
        assert labels_retrain_sweep() == 0
    assert not LabelClassifier.objects.filter(service=service, trained_at__isnull=False).exists()


def test_the_job_trains_on_the_services_labels_and_reports_held_out_accuracy(
    service, django_capture_on_commit_callbacks
):
    pairs = examples()
    labelled(service, pairs)
    with django_capture_on_commit_callbacks(execute=True):
        assert labels_retrain_sweep() == 1  # the task runs at once in the tests
    row = LabelClassifier.objects.get(service=service)
    assert row.trained_at is not None and row.queued_at is None
    assert sorted(row.labels) == ["information", "other", "request"]
    assert row.trained_on == len(pairs) and row.labelled_count == len(pairs)
    # A fifth of each label held out, and far better than chance (a third) on them.
    assert 10 <= row.held_out <= 18
    assert row.accuracy is not None and row.accuracy >= 0.8
    assert sum(v["held_out"] for v in row.per_label.values()) == row.held_out
    # Nothing new: the job does not train again.
    with django_capture_on_commit_callbacks(execute=True):
        assert labels_retrain_sweep() == 0
    # Enough new labels: it does.
    labelled(service, pairs[:RETRAIN_AFTER])
    with django_capture_on_commit_callbacks(execute=True):
        assert labels_retrain_sweep() == 1
    assert LabelClassifier.objects.get(service=service).labelled_count == len(pairs) + 25


def test_suggestions_for_unlabelled_messages_only(service):
    labelled(service, examples())
    label_classifier_train(service)
    member = make_member(service)
    question = inbound(service, text="How can I get a Presto bus pass for my son?", member=member)
    thanks = inbound(service, text="Thanks a lot, have a good day!", member=member)
    done = inbound(service, text="How do I apply for OHIP?", member=member)
    Message.objects.filter(pk=done.pk).update(label="request")
    done.refresh_from_db()
    found = suggest_labels(service, [question, thanks, done])
    assert found == {question.pk: "request", thanks.pk: "other"}


def test_turned_off_no_training_and_no_suggestion(service, django_capture_on_commit_callbacks):
    labelled(service, examples())
    label_classifier_train(service)
    service.assistance = {"labels": False}
    service.save(update_fields=["assistance"])
    message = inbound(service, text="How do I find a family doctor?")
    assert suggest_labels(service, [message]) == {}
    assert label_classifier_train(service) is None
    labelled(service, examples()[:RETRAIN_AFTER])
    with django_capture_on_commit_callbacks(execute=True):
        assert labels_retrain_sweep() == 0


def test_the_inbox_and_the_labelling_page_offer_the_suggestion(
    moderator_client, service, moderator
):
    labelled(service, examples())
    label_classifier_train(service)
    message = inbound(service, text="Where can I register my kids at school?")
    inbox = moderator_client.get(f"/s/{service.slug}/inbox/?thread={message.thread_id}")
    html = inbox.content.decode()
    assert 'data-suggested="request"' in html and "Suggested: Request for information" in html

    page = moderator_client.get(f"/s/{service.slug}/inbox/label/").content.decode()
    assert "Suggested labels" in page and "kept out of the training" in page
    assert f'id="pick-row-{message.pk}"' in page

    # "Apply the suggested labels": a preview first, nothing labelled yet.
    preview = moderator_client.get(f"/s/{service.slug}/inbox/label/suggested/")
    assert preview.status_code == 200 and f'name="label-{message.pk}"' in preview.content.decode()
    message.refresh_from_db()
    assert message.label == ""
    # Confirmed with this one ticked: labelled through the usual rule (a question opens).
    response = moderator_client.post(
        f"/s/{service.slug}/inbox/label/suggested/",
        {"message": [message.pk], f"label-{message.pk}": "request"},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.label == "request" and message.question is not None

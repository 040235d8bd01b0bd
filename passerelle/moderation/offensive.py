"""Possibly offensive group posts: to the moderation queue for a person to look at.

Never acted on (no warning, no removal): the word lists and the Arabic model are wrong
often enough that a moderator decides. The service's own words (ServiceWord) add the
languages the lists miss; they are read once a minute per process, not once per post, so
that a group message costs no statement more (routing/tests/test_event_budgets.py).
"""

from django.utils import timezone

from passerelle.common.kept import KeptPerService
from passerelle.moderation.models import OFFENSIVE, Report, ServiceWord
from passerelle.nlp.offensive import offensive_found

# How long a process keeps a service's own words: a word added applies within a minute.
WORDS_KEPT_SECONDS = 60
_words: KeptPerService[tuple[str, ...]] = KeptPerService(WORDS_KEPT_SECONDS)


def service_words(service) -> tuple[str, ...]:
    """The service's own words, read at most once a minute by this process."""
    return _words.get(
        service,
        lambda: tuple(
            ServiceWord.objects.filter(service_id=service.pk).values_list("word", flat=True)
        ),
    )


def service_words_forget(service) -> None:
    """Read the service's words again on next use (after this process changed them)."""
    _words.forget(service)


def offensive_flag(*, message, at=None) -> Report | None:
    """Queue a group post with possibly offensive words, for review; None when clean."""
    if not message.text or not message.service.assistance_on("offensive"):
        return None
    finding = offensive_found(message.text, own_words=service_words(message.service))
    if not finding:
        return None
    return Report.objects.create(
        org_id=message.org_id,
        service_id=message.service_id,
        message=message,
        source=Report.Source.SYSTEM,
        detected=OFFENSIVE,
        reason=finding.summary()[:1000],
        suggested_action=Report.Suggestion.REVIEW,
        created_at=at or timezone.now(),
    )

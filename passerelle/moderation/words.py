"""The service's own words to flag in group posts (moderation.offensive reads them).

Moderators add the words the built-in lists miss (Ukrainian, Somali, Tigrinya, local
slang) and remove those that flag too much; a removal can be undone by adding it again.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.moderation.models import ServiceWord
from passerelle.moderation.offensive import service_words_forget
from passerelle.orgs.permissions import require

MAX_WORDS = 2000


def service_words_for(role, query: str = ""):
    """The service's own words, alphabetically, those containing `query` if given."""
    require(role, "moderate")
    rows = ServiceWord.objects.filter(service_id=role.service_id).select_related("added_by")
    if query:
        rows = rows.filter(word__icontains=query.strip())
    return rows


def service_word_add(*, role, word: str, language: str = "", at=None) -> ServiceWord:
    """A moderator adds a word or phrase to flag; adding one already listed is refused."""
    require(role, "moderate")
    word = " ".join((word or "").split()).casefold()
    if not word:
        raise ValidationError(_("Give the word or phrase to flag."))
    if len(word) > 100:
        raise ValidationError(_("A word or phrase of at most 100 characters."))
    if ServiceWord.objects.filter(service_id=role.service_id).count() >= MAX_WORDS:
        raise ValidationError(_("The list is full: remove words before adding others."))
    try:
        with transaction.atomic():
            added = ServiceWord.objects.create(
                org_id=role.service.org_id,
                service_id=role.service_id,
                word=word,
                language=(language or "")[:12],
                added_by=role.user,
                created_at=at or timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(_("“%(word)s” is already in the list.") % {"word": word}) from None
    service_words_forget(role.service)
    return added


def service_word_remove(*, role, word_id: int) -> ServiceWord:
    """A moderator removes a word from the list; returns it (to offer adding it back)."""
    require(role, "moderate")
    found = ServiceWord.objects.filter(service_id=role.service_id, pk=word_id).first()
    if found is None:
        raise ValidationError(_("This word is not in the list."))
    found.delete()
    service_words_forget(role.service)
    return found

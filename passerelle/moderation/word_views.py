"""The page of the service's own words to flag: list, search, add, remove (with undo)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.moderation import words
from passerelle.moderation.views import _role

PAGE_SIZE = 50


@login_required
def word_list(request, slug):
    role = _role(request, slug)
    if request.method == "POST":
        try:
            added = words.service_word_add(
                role=role,
                word=request.POST.get("word", ""),
                language=request.POST.get("language", ""),
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            request.session.pop("word_removed", None)
            messages.success(
                request,
                _("“%(word)s” added: posts with it go to the moderation queue.")
                % {"word": added.word},
            )
        return redirect("moderation:words", slug)
    query = request.GET.get("q", "").strip()
    rows = words.service_words_for(role, query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/words.html",
        {
            "role": role,
            "page": page,
            "query": query,
            "offensive_on": role.service.assistance_on("offensive"),
            # The word just removed, offered back (undo) until another change.
            "removed": request.session.get("word_removed"),
        },
    )


@login_required
@require_POST
def word_remove(request, slug, word_id):
    role = _role(request, slug)
    here = reverse("moderation:words", args=[slug])
    if not confirmed(request):
        return confirm_page(
            request,
            question=_("Remove this word from the list? Posts with it are no longer flagged."),
            button=_("Remove"),
            cancel_url=here,
        )
    try:
        removed = words.service_word_remove(role=role, word_id=word_id)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        request.session["word_removed"] = {"word": removed.word, "language": removed.language}
        messages.success(request, _("“%(word)s” removed.") % {"word": removed.word})
    return redirect(here)

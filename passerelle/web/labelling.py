"""Labelling many messages at once: a page of the inbox, for imported history mostly.

An imported group's messages arrive without labels; the activity table counts labels. The
moderator ticks messages (or the whole page), picks one label and applies it, through the
same rule as labelling one (questions.services.messages_label_bulk): a request for
information opens its question. A label applied can be changed again the same way.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from passerelle.conversations import selectors
from passerelle.conversations.models import Label
from passerelle.orgs.permissions import require
from passerelle.orgs.selectors import roles_for
from passerelle.questions.services import messages_label_bulk

PAGE_SIZE = 100
SHOWS = ("unlabelled", "all")


def _role(request, slug):
    # No role in the service: it does not exist for you (404). A role that may not label
    # (a partner, a viewer): told so (403).
    role = roles_for(request.user).filter(service__slug=slug).first()
    if role is None:
        raise Http404("No such service")
    require(role, "inbox")
    require(role, "label")
    return role


def _filters(source) -> dict:
    show = source.get("show", "unlabelled")
    return {
        "show": show if show in SHOWS else "unlabelled",
        "q": source.get("q", "").strip()[:200],
        "imported": "1" if source.get("imported") == "1" else "",
    }


@login_required
def label_many(request, slug):
    role = _role(request, slug)
    filters = _filters(request.GET)
    found = selectors.messages_to_label(
        role, show=filters["show"], query=filters["q"], imported=bool(filters["imported"])
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conversations/label_many.html",
        {
            "role": role,
            "page": page,
            "filters": filters,
            "query_string": urlencode({k: v for k, v in filters.items() if v}),
            "labels": Label.choices,
        },
    )


@login_required
@require_POST
def label_many_apply(request, slug):
    role = _role(request, slug)
    filters = _filters(request.POST)
    back = {k: v for k, v in filters.items() if v}
    if request.POST.get("page", "").isdigit():
        back["page"] = request.POST["page"]
    url = reverse("conversations:label_many", args=[slug]) + "?" + urlencode(back)
    # "clear" takes labels off; an empty choice is no choice (the form asks for one).
    label = request.POST.get("label", "")
    if label == "":
        messages.error(request, _("Choose the label to apply."))
        return redirect(url)
    label = "" if label == "clear" else label
    ids = [pk for pk in request.POST.getlist("message") if pk.isdigit()]
    try:
        count = messages_label_bulk(role=role, message_ids=ids, label=label)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(url)
    name = dict(Label.choices).get(label) or _("no label")
    messages.success(
        request,
        ngettext(
            "%(count)d message now has the label “%(label)s”.",
            "%(count)d messages now have the label “%(label)s”.",
            count,
        )
        % {"count": count, "label": name},
    )
    return redirect(url)

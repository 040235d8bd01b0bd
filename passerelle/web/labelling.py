"""Labelling many messages at once: a page of the inbox, for imported history mostly.

An imported group's messages arrive without labels; the activity table counts labels. The
moderator ticks messages (or the whole page), picks one label and applies it, through the
same rule as labelling one (questions.services.messages_label_bulk): a request for
information opens its question. A label applied can be changed again the same way.

With suggested labels on and trained (questions.label_suggestions), each unlabelled
message shows its suggestion, and "Apply the suggested labels" lists the page's
suggestions for the moderator to untick and confirm before anything is labelled.
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
from passerelle.questions.label_suggestions import (
    classifier_report,
    label_suggestions_attach,
)
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
    label_suggestions_attach(role, page.object_list)
    return render(
        request,
        "conversations/label_many.html",
        {
            "role": role,
            "page": page,
            "filters": filters,
            "query_string": urlencode({k: v for k, v in filters.items() if v}),
            "labels": Label.choices,
            "suggestions": classifier_report(role.service),
            "has_suggestions": any(m.suggested_label for m in page.object_list),
        },
    )


def _page_back(filters, page) -> str:
    back = {k: v for k, v in filters.items() if v}
    if str(page).isdigit():
        back["page"] = page
    return urlencode(back)


@login_required
def label_many_suggested(request, slug):
    """The page's suggested labels to confirm (GET), then applied (POST), label by label."""
    role = _role(request, slug)
    source = request.POST if request.method == "POST" else request.GET
    filters = _filters(source)
    url = reverse("conversations:label_many", args=[slug])
    back = url + "?" + _page_back(filters, source.get("page", ""))
    if request.method == "POST":
        chosen: dict[str, list[str]] = {}
        for pk in request.POST.getlist("message"):
            label = request.POST.get(f"label-{pk}", "")
            if pk.isdigit() and label in Label.values:
                chosen.setdefault(label, []).append(pk)
        if not chosen:
            messages.error(request, _("Select at least one message."))
            return redirect(back)
        total = 0
        try:
            for label, ids in chosen.items():
                total += messages_label_bulk(role=role, message_ids=ids, label=label)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(
            request,
            ngettext(
                "%(count)d message labelled as suggested.",
                "%(count)d messages labelled as suggested.",
                total,
            )
            % {"count": total},
        )
        return redirect(back)
    found = selectors.messages_to_label(
        role, show="unlabelled", query=filters["q"], imported=bool(filters["imported"])
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    label_suggestions_attach(role, page.object_list)
    rows = [m for m in page.object_list if m.suggested_label]
    return render(
        request,
        "conversations/label_many_suggested.html",
        {
            "role": role,
            "rows": rows,
            "page": page,
            "filters": filters,
            "back": back,
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

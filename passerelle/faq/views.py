"""FAQ pages (list, create, edit, mark verified) and the canned replies page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.faq import canned, selectors, services, texts
from passerelle.faq.forms import LANGUAGE_NAMES, FaqEntryForm, entry_languages
from passerelle.faq.models import FaqEntry
from passerelle.orgs.selectors import role_for

PAGE_SIZE = 20


@login_required
def faq_list(request, slug):
    role = role_for(request.user, slug)
    query = request.GET.get("q", "").strip()
    stale = request.GET.get("stale") == "1"
    page = Paginator(selectors.faq_entries_for(role, query=query, stale=stale), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "faq/list.html",
        {
            "role": role,
            "page": page,
            "query": query,
            "stale": stale,
            "today": selectors.today_for(role),
            "can_edit": role.can("moderate"),
            "stale_count": selectors.faq_entries_for(role, stale=True).count(),
            "semantic": selectors.faq_semantic_status(role),
            "can_label": role.can("label"),
        },
    )


@login_required
def faq_edit(request, slug, entry_id=None):
    role = role_for(request.user, slug, "moderate")
    entry = (
        selectors.faq_entry_get(role, entry_id)
        if entry_id
        else FaqEntry(org=role.org, service=role.service)
    )
    form = FaqEntryForm(request.POST or None, instance=entry, service=role.service)
    if request.method == "POST" and form.is_valid():
        try:
            services.faq_entry_save(
                role=role, entry=form.save(commit=False), phrasings=form.phrasings()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("FAQ entry saved."))
            return redirect("faq:list", slug)
    return render(
        request,
        "faq/form.html",
        {
            "role": role,
            "form": form,
            "entry": entry,
            "today": selectors.today_for(role),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def faq_verify(request, slug, entry_id):
    role = role_for(request.user, slug, "moderate")
    entry = selectors.faq_entry_get(role, entry_id)
    services.faq_entry_mark_verified(role=role, entry=entry)
    messages.success(request, _("Marked as verified today."))
    return redirect("faq:edit", slug, entry.pk)


@login_required
def canned_list(request, slug):
    """Every standard message in every language: the service's wording or the default."""
    role = role_for(request.user, slug)
    can_edit = role.can("moderate")
    languages = entry_languages(role.service)
    error = ""
    if request.method == "POST" and can_edit:
        kind, language = request.POST.get("kind", ""), request.POST.get("language", "")
        if language not in languages:
            error = _("Unknown language.")
        else:
            try:
                canned.canned_set(
                    role=role, kind=kind, language=language, text=request.POST.get("text", "")
                )
            except ValidationError as exc:
                error = exc.messages[0]
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{request.path}#{kind}-{language}")
    overrides = selectors.canned_overrides(role)
    rows = [
        {
            "kind": kind,
            "label": label,
            "placeholders": placeholders,
            "languages": [
                {
                    "code": lang,
                    "name": LANGUAGE_NAMES.get(lang, lang),
                    "text": (
                        overrides[(kind, lang)].text
                        if (kind, lang) in overrides
                        else texts.DEFAULTS[kind].get(lang, "")
                    ),
                    "custom": (kind, lang) in overrides,
                }
                for lang in languages
            ],
        }
        for kind, (label, placeholders) in texts.KINDS.items()
    ]
    return render(
        request,
        "faq/canned.html",
        {
            "role": role,
            "rows": rows,
            "can_edit": can_edit,
            "error": error,
        },
        status=422 if error else 200,
    )

"""The Promote page: key messages, join links and their QR codes, the poster; the
discussion prompts and when they are suggested."""

import contextlib

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.common.language_fields import language_own_name
from passerelle.common.text import text_direction
from passerelle.orgs.selectors import role_for
from passerelle.promotion import joinlinks, selectors, services
from passerelle.promotion.forms import JoinLinkForm, LibraryTextForm, QuietDaysForm, text_languages
from passerelle.promotion.models import LibraryText

UNDO_KEY = "promotion_undo"


def _language(request, service) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in text_languages(service) else service.default_language


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _entries(role, kind, *, channel_id):
    """Each text with every language it has, {join_link} filled for the chosen channel
    (or every channel) with the words of that language (JOIN, REJOINDRE, انضم)."""
    join_links = {}

    def join_link(code):
        if code not in join_links:
            links = joinlinks.join_links_for(role, language=code)
            chosen = next((li for li in links if li.channel.pk == channel_id), None)
            join_links[code] = chosen.in_text if chosen else joinlinks.join_text(links)
        return join_links[code]

    rows = []
    for text in selectors.library_for(role, kind):
        rows.append(
            {
                "text": text,
                "versions": [
                    {
                        "code": code,
                        "name": language_own_name(code),
                        "dir": text_direction(code),
                        "value": selectors.filled(
                            text.texts[code], service=role.service, join_link=join_link(code)
                        ),
                    }
                    for code in text_languages(role.service)
                    if text.texts.get(code)
                ],
            }
        )
    return rows


@login_required
def promote(request, slug):
    role = role_for(request.user, slug)
    language = _language(request, role.service)
    links = joinlinks.join_links_for(role, language=language)
    channel_id = _int(request.GET.get("channel"))
    chosen = next((li for li in links if li.channel.pk == channel_id), None)
    settings = services.promotion_settings_for(role.service)
    return render(
        request,
        "promotion/promote.html",
        {
            "role": role,
            "language": language,
            "languages": [(c, language_own_name(c)) for c in text_languages(role.service)],
            "links": [
                {
                    "link": li,
                    "svg": mark_safe(joinlinks.qr_svg(li.url, inline=True)) if li.url else "",
                }
                for li in links
            ],
            "chosen": chosen,
            "key_messages": _entries(role, LibraryText.Kind.KEY_MESSAGE, channel_id=channel_id),
            "prompts": _entries(role, LibraryText.Kind.DISCUSSION_PROMPT, channel_id=channel_id),
            "can_edit": role.can("moderate"),
            "can_configure": role.can("configure"),
            "quiet_form": QuietDaysForm(initial={"quiet_days": settings.quiet_days}),
            "undo": request.session.get(UNDO_KEY, {}).get(slug),
            "activity_prompt": selectors.activity_prompt_for(role),
            "next": request.get_full_path(),
        },
    )


@login_required
def text_edit(request, slug, text_id=None):
    role = role_for(request.user, slug, "moderate")
    if text_id:
        text = selectors.library_text_get(role, text_id)
    else:
        kind = request.GET.get("kind", LibraryText.Kind.KEY_MESSAGE)
        if kind not in LibraryText.Kind.values:
            raise Http404("No such kind")
        text = LibraryText(org=role.org, service=role.service, kind=kind)
    form = LibraryTextForm(request.POST or None, instance=text, service=role.service)
    if request.method == "POST" and form.is_valid():
        try:
            services.library_text_save(role=role, text=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("“%(title)s” saved.") % {"title": text.title})
            return redirect(reverse("promotion:promote", args=[slug]) + f"#text-{text.pk}")
    return render(
        request,
        "promotion/text_form.html",
        {"role": role, "form": form, "text": text},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def text_delete(request, slug, text_id):
    role = role_for(request.user, slug, "moderate")
    text = selectors.library_text_get(role, text_id)
    back = reverse("promotion:promote", args=[slug])
    if not confirmed(request):
        return confirm_page(
            request,
            question=_("Delete “%(title)s”?") % {"title": text.title},
            button=_("Delete"),
            cancel_url=back,
        )
    kept = services.library_text_delete(role=role, text=text)
    undo = request.session.get(UNDO_KEY, {})
    undo[slug] = kept
    request.session[UNDO_KEY] = undo
    messages.success(request, _("“%(title)s” deleted.") % {"title": kept["title"]})
    return redirect(back)


@login_required
@require_POST
def text_undo(request, slug):
    """Put back the text deleted last on this service (kept in the session)."""
    role = role_for(request.user, slug, "moderate")
    undo = request.session.get(UNDO_KEY, {})
    kept = undo.pop(slug, None)
    request.session[UNDO_KEY] = undo
    if kept:
        text = services.library_text_restore(role=role, kept=kept)
        messages.success(request, _("“%(title)s” is back.") % {"title": text.title})
        return redirect(reverse("promotion:promote", args=[slug]) + f"#text-{text.pk}")
    return redirect("promotion:promote", slug)


@login_required
@require_POST
def join_link_set(request, slug, channel_id):
    role = role_for(request.user, slug, "moderate")
    link = joinlinks.join_link_get(role, channel_id)
    if link is None:
        raise Http404("No such channel")
    form = JoinLinkForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("A join link is at most 500 characters long."))
        services.join_link_paste(role=role, channel=link.channel, url=form.cleaned_data["url"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Join link saved."))
    return redirect(reverse("promotion:promote", args=[slug]) + f"#channel-{channel_id}")


@login_required
def qr_code(request, slug, channel_id, fmt):
    """The channel's QR code to download, PNG (print, documents) or SVG (any size)."""
    role = role_for(request.user, slug)
    link = joinlinks.join_link_get(role, channel_id, language=_language(request, role.service))
    if link is None or not link.url:
        raise Http404("No join link")
    name = f"{slugify(role.service.slug)}-{link.channel.type}-{channel_id}.{fmt}"
    if fmt == "png":
        response = HttpResponse(joinlinks.qr_png(link.url), content_type="image/png")
    else:
        response = HttpResponse(joinlinks.qr_svg(link.url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def poster(request, slug):
    """An A4 page to print: the service, a key message in the chosen language, one QR
    code per channel with its link under it."""
    role = role_for(request.user, slug)
    language = _language(request, role.service)
    links = [li for li in joinlinks.join_links_for(role, language=language) if li.url]
    key_messages = list(selectors.library_for(role, LibraryText.Kind.KEY_MESSAGE))
    chosen = next((m for m in key_messages if m.pk == _int(request.GET.get("message"))), None)
    chosen = chosen or (key_messages[-1] if key_messages else None)
    text = chosen.text_for(language) if chosen else ""
    shipped = language in dict(django_settings.LANGUAGES)
    with translation.override(language) if shipped else contextlib.nullcontext():
        return _poster_render(request, role, language, links, text)


def _poster_render(request, role, language, links, text):
    return render(
        request,
        "promotion/poster.html",
        {
            "role": role,
            "language": language,
            "dir": text_direction(language),
            "message": selectors.filled(
                str(text), service=role.service, join_link=joinlinks.join_text(links)
            )
            if text
            else "",
            "message_dir": text.direction if text else "auto",
            "message_lang": text.language if text else language,
            "links": [
                {"link": li, "svg": mark_safe(joinlinks.qr_svg(li.url, inline=True))}
                for li in links
            ],
        },
    )


@login_required
@require_POST
def quiet_days(request, slug):
    role = role_for(request.user, slug, "configure")
    form = QuietDaysForm(request.POST)
    if form.is_valid():
        services.quiet_days_set(role=role, days=form.cleaned_data["quiet_days"])
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a number of days from 0 (off) to %(n)s.") % {"n": 90})
    return redirect(reverse("promotion:promote", args=[slug]) + "#activity")


def _safe_next(request, slug) -> str:
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("conversations:inbox", args=[slug])
    return back


@login_required
def prompt_notice(request, slug):
    """The inbox's notice, fetched after the page (htmx): the inbox's own reads stay as
    they are, and a service with nothing to suggest gets an empty answer."""
    role = role_for(request.user, slug, "moderate")
    return render(
        request,
        "promotion/partials/_activity_notice.html",
        {
            "role": role,
            "activity_prompt": selectors.activity_prompt_for(role),
            "next": _safe_next(request, slug),
        },
    )


@login_required
@require_POST
def prompt_dismiss(request, slug):
    role = role_for(request.user, slug, "moderate")
    services.activity_prompt_dismiss(role=role, prompt_id=_int(request.POST.get("prompt")))
    messages.success(request, _("Suggestion hidden: it comes back if the group stays quiet."))
    return redirect(_safe_next(request, slug))

"""Staff pages: the posts list, the composer (new and edit) with its live audience count, a
post's delivery report and cancelling it, the post types, the two announcements.

Posting needs "publish"; the post types "configure" (admins).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.common.pages import page_get
from passerelle.orgs.models import StaffRole
from passerelle.orgs.selectors import role_for
from passerelle.posts import announcements, selectors, services
from passerelle.posts.forms import ClosingForm, MoveForm, PostForm, PostTypeForm
from passerelle.posts.models import Post, PostType
from passerelle.surveys.selectors import opening_templates

PUBLISH = services.CAPABILITY


def _other_services(role):
    # A coalition post: the organisation's other services where this person publishes.
    roles = StaffRole.objects.filter(user_id=role.user_id, org_id=role.org_id).select_related(
        "service"
    )
    return [r.service for r in roles if r.service_id != role.service_id and r.can(PUBLISH)]


def _form(role, data=None, initial=None, post_type_slug=""):
    services.post_types_ensure(org=role.org)
    types = list(selectors.post_types_for(role))
    if post_type_slug and not any(t.slug == post_type_slug for t in types):
        # An announcement's system type, or an archived one a scheduled post still has.
        extra = selectors.post_type_get(role, post_type_slug)
        types += [extra] if extra else []
    return PostForm(
        data,
        initial=initial,
        service=role.service,
        post_types=types,
        other_services=_other_services(role),
        templates=opening_templates(role.service),
    )


def _prefill(request, role) -> dict:
    # ?type=<slug>&text=<text> (an activity prompt's link), ?text_<lang>= (announcements).
    texts = {}
    for code in role.service.languages or ["en"]:
        if value := request.GET.get(f"text_{code.replace('-', '_')}"):
            texts[code] = value
    if (text := request.GET.get("text")) and not texts:
        texts[role.service.default_language] = text
    initial = {"texts": texts}
    if request.GET.get("type"):
        initial["post_type"] = request.GET["type"]
    if request.GET.get("audience") in Post.Audience.values:
        initial["audience"] = request.GET["audience"]
    return initial


def _save(request, role, form, post=None):
    data = form.cleaned_data
    values = {
        "post_type": data["post_type"],
        "texts": data["texts"],
        "audience": data["audience"],
        "segment": form.segment(),
        "services": data["chosen_services"],
        "scheduled_at": data["scheduled_at"],
        "media": data["media"],
        "whatsapp_template": data["whatsapp_template"],
    }
    if post is None:
        return services.post_create(role=role, **values)
    return services.post_update(role=role, post=post, **values)


def _compose(request, role, *, post=None, initial=None):
    slug = role.service.slug
    data = request.POST if request.method == "POST" else None
    type_slug = (data or {}).get("post_type") or (initial or {}).get("post_type", "")
    form = _form(role, data, initial, type_slug)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                saved = _save(request, role, form, post)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc.messages[0] if hasattr(exc, "messages") else str(exc))
            else:
                if saved.scheduled_at > timezone.now():
                    messages.success(request, _("Post scheduled."))
                else:
                    messages.success(request, _("Post sent: it goes out within a minute."))
                return redirect("posts:detail", slug, saved.pk)
        status = 422
    preview = selectors.audience_preview(
        services=[role.service],
        audience=form.initial.get("audience") or Post.Audience.GROUP,
        segment={},
        texts=(initial or {}).get("texts") or {},
        now=timezone.now(),
    )
    return render(
        request,
        "posts/compose.html",
        {"role": role, "form": form, "post": post, "preview": preview},
        status=status,
    )


@login_required
def post_list(request, slug):
    role = role_for(request.user, slug, PUBLISH)
    q = (request.GET.get("q") or "").strip()[:100]
    state = request.GET.get("state") if request.GET.get("state") in Post.State.values else ""
    type_slug = (request.GET.get("type") or "")[:40]
    rows = selectors.posts_for(role, q=q, state=state, type_slug=type_slug)
    page = page_get(rows, selectors.PAGE, request.GET.get("page"))
    for post in page.object_list:
        post.preview = selectors.post_preview(post)
        post.type_label = selectors.type_name(post.post_type)
    services.post_types_ensure(org=role.org)
    return render(
        request,
        "posts/list.html",
        {
            "role": role,
            "page": page,
            "q": q,
            "state": state,
            "type": type_slug,
            "states": Post.State.choices,
            "types": [(t.slug, selectors.type_name(t)) for t in selectors.post_types_for(role)],
            "query": urlencode({"q": q, "state": state, "type": type_slug}),
        },
    )


@login_required
def post_new(request, slug):
    role = role_for(request.user, slug, PUBLISH)
    return _compose(request, role, initial=_prefill(request, role))


@login_required
def post_edit(request, slug, post_id):
    role = role_for(request.user, slug, PUBLISH)
    post = selectors.post_get(role, post_id)
    if not post.editable or post.service_id != role.service_id:
        messages.error(request, _("This post has started going out: it cannot change now."))
        return redirect("posts:detail", slug, post.pk)
    initial = {
        "post_type": post.post_type.slug,
        "texts": post.texts,
        "audience": post.audience,
        "scheduled_at": timezone.localtime(post.scheduled_at, role.service.tz).replace(tzinfo=None),
        "whatsapp_template": post.whatsapp_template_id,
        "services": [str(s.pk) for s in post.services.all() if s.pk != role.service_id],
        **{k: v for k, v in post.segment.items() if k != "intake"},
    }
    if post.segment.get("intake"):
        initial["intake"] = "; ".join(f"{k}={v}" for k, v in post.segment["intake"].items())
    return _compose(request, role, post=post, initial=initial)


@login_required
@require_POST
def audience_count(request, slug):
    """The composer's live count (htmx): who the post reaches, SMS segments and costs."""
    role = role_for(request.user, slug, PUBLISH)
    form = _form(role, request.POST, post_type_slug=request.POST.get("post_type", ""))
    segment = form.segment()
    audience = request.POST.get("audience")
    if audience not in Post.Audience.values:
        audience = Post.Audience.GROUP
    chosen = [role.service] + [
        form.other_services[k] for k in request.POST.getlist("services") if k in form.other_services
    ]
    preview = selectors.audience_preview(
        services=chosen,
        audience=audience,
        segment=segment if audience == Post.Audience.SEGMENT else {},
        texts=form.texts_typed(),
        now=timezone.now(),
    )
    return render(request, "posts/partials/_audience.html", {"preview": preview})


@login_required
def post_detail(request, slug, post_id):
    role = role_for(request.user, slug, PUBLISH)
    post = selectors.post_get(role, post_id)
    return render(
        request,
        "posts/detail.html",
        {
            "role": role,
            "post": post,
            "type_label": selectors.type_name(post.post_type),
            "report": selectors.post_report(post),
            "services": list(post.services.all()),
            "texts": [(code, text) for code, text in post.texts.items()],
        },
    )


@login_required
@require_POST
def post_cancel(request, slug, post_id):
    role = role_for(request.user, slug, PUBLISH)
    post = selectors.post_get(role, post_id)
    here = reverse("posts:detail", args=[slug, post.pk])
    if not confirmed(request):
        return confirm_page(
            request,
            question=_("Cancel this post? It will not be sent."),
            button=_("Cancel the post"),
            cancel_url=here,
        )
    try:
        if services.post_cancel(role=role, post=post):
            messages.success(request, _("Post cancelled."))
        else:
            messages.error(request, _("This post has started going out: it cannot change now."))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(here)


@login_required
def post_types(request, slug):
    """The organisation's post types: add one, rename one, archive or bring back."""
    role = role_for(request.user, slug, "configure")
    services.post_types_ensure(org=role.org)
    languages = role.service.languages or ["en"]
    status = 200
    new = PostTypeForm(
        request.POST if request.POST.get("action") == "add" else None, languages=languages
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                if new.is_valid():
                    services.post_type_add(role=role, names=new.names())
                    messages.success(request, _("Post type added."))
                    return redirect("posts:types", slug)
                status = 422
            else:
                post_type = PostType.objects.filter(
                    org_id=role.org_id, pk=request.POST.get("type_id")
                ).first()
                if post_type is None:
                    raise ValidationError(_("This post type does not exist."))
                if action == "rename":
                    form = PostTypeForm(
                        request.POST, languages=languages, prefix=f"t{post_type.pk}"
                    )
                    if form.is_valid():
                        services.post_type_rename(
                            role=role, post_type=post_type, names=form.names()
                        )
                        messages.success(request, _("Post type renamed."))
                elif action in ("archive", "restore"):
                    services.post_type_archive(
                        role=role, post_type=post_type, archived=action == "archive"
                    )
                    messages.success(request, _("Post type saved."))
                return redirect("posts:types", slug)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, exc.messages[0] if hasattr(exc, "messages") else str(exc))
            status = 422
    rows = [
        (
            t,
            selectors.type_name(t),
            PostTypeForm(languages=languages, names=t.names, prefix=f"t{t.pk}"),
        )
        for t in selectors.post_types_for(role, archived=True)
    ]
    return render(
        request, "posts/types.html", {"role": role, "rows": rows, "new": new}, status=status
    )


def _announce(request, role, form_class, kind, texts_of):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        texts = texts_of(role.service, **form.cleaned_data)
        query = {"type": kind, "audience": Post.Audience.MEMBERS}
        query.update({f"text_{code.replace('-', '_')}": t for code, t in texts.items()})
        return redirect(f"{reverse('posts:new', args=[role.service.slug])}?{urlencode(query)}")
    return render(
        request,
        "posts/announce.html",
        {"role": role, "form": form, "kind": kind},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def announce_move(request, slug):
    """ "We are moving": the new channel, its link, until when this one is read; then the
    composer, prefilled in every language, to every member on their own channel."""
    role = role_for(request.user, slug, PUBLISH)
    services.post_types_ensure(org=role.org)
    return _announce(request, role, MoveForm, "moving", announcements.move_texts)


@login_required
def announce_closing(request, slug):
    """ "This service is closing", with its date; then the prefilled composer."""
    role = role_for(request.user, slug, PUBLISH)
    services.post_types_ensure(org=role.org)
    return _announce(request, role, ClosingForm, "closing", announcements.closing_texts)

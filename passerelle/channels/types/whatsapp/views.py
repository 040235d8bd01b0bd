"""WhatsApp pages: the approved template list (administrators) and sending a template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.channels.types.whatsapp import selectors, services
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.conversations import selectors as conversation_selectors
from passerelle.orgs.selectors import role_for
from passerelle.web.views import service_context


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


@login_required
def templates_page(request, slug):
    """List and add the approved templates of the service's WhatsApp numbers."""
    role = role_for(request.user, slug, "configure")
    channels = list(selectors.channels_for(role).prefetch_related("whatsapp_templates"))
    error, form = "", {}
    if request.method == "POST":
        form = request.POST
        try:
            channel = selectors.channel_get(role, form.get("channel"))
            services.template_add(
                role=role,
                channel=channel,
                name=form.get("name", ""),
                language=form.get("language", ""),
                category=form.get("category", ""),
                body=form.get("body", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            error = _error_text(exc)
        else:
            messages.success(request, _("Template added."))
            return redirect("whatsapp:templates", slug)
    return render(
        request,
        "whatsapp/templates.html",
        {
            **service_context(role),
            "channels": channels,
            "categories": WhatsAppTemplate.Category.choices,
            "error": error,
            "form": form,
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def template_delete(request, slug, template_id):
    role = role_for(request.user, slug, "configure")
    services.template_remove(role=role, template=selectors.template_get(role, template_id))
    messages.success(request, _("Template removed."))
    return redirect("whatsapp:templates", slug)


@login_required
@require_POST
def template_send(request, slug, thread_id):
    """Send one approved template in a private thread (the window being closed)."""
    role = role_for(request.user, slug, "reply")
    thread = conversation_selectors.thread_get(role, thread_id)
    template = selectors.template_get(role, request.POST.get("template"))
    params = [request.POST.get(f"param_{n}", "") for n in template.param_range]
    try:
        services.template_send(role=role, thread=thread, template=template, params=params)
    except (ValidationError, PermissionDenied) as exc:
        context = {"error": _error_text(exc), "sent": False}
        status = 422
    else:
        context = {"error": "", "sent": True, "template": template}
        status = 200
    if not request.headers.get("HX-Request"):
        if context["error"]:
            messages.error(request, context["error"])
        return redirect(f"/s/{slug}/inbox/?thread={thread.pk}")
    return render(request, "whatsapp/_template_result.html", context, status=status)

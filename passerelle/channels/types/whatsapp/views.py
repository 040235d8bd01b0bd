"""WhatsApp pages: the approved template list (administrators; sending one is the inbox's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.channels.types.whatsapp import selectors, services
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.orgs.selectors import role_for


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
            "role": role,
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

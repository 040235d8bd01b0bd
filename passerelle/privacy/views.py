"""Members' data rights pages: export, erase (two steps), retention settings, access log.

Every page asks for its capability (404 otherwise, as for another service); every write
is a POST that calls one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from passerelle.members.models import StaffAccess
from passerelle.members.selectors import access_log, member_get
from passerelle.orgs.selectors import role_for
from passerelle.privacy import forms, selectors
from passerelle.privacy.erasure import member_erase_checked
from passerelle.privacy.export import export_filename, member_export_checked
from passerelle.privacy.retention import retention_for, retention_update

ACCESS_PAGE = 50


def _member_page(role, member):
    membership = selectors.membership_in(role, member)
    if membership is not None:
        return redirect("moderation:member", role.service.slug, membership.pk)
    return redirect("communities:member_list", role.service.slug)


@login_required
@require_POST
def member_export(request, slug, member_id):
    """The member's data in this service as a ZIP download (the export is logged)."""
    role = role_for(request.user, slug, "export")
    member = member_get(role, member_id)
    data = member_export_checked(role=role, member=member)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(role.service, member)}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def member_erase(request, slug, member_id):
    """Step 1: the reason; step 2: what will be erased and a last confirmation; then erase."""
    role = role_for(request.user, slug, "erase")
    member = member_get(role, member_id)
    if member.erased_at is not None:
        messages.info(request, _("This person's data was already erased."))
        return _member_page(role, member)
    form = forms.EraseForm(request.POST or None)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    context = {"role": role, "member": member, "form": form}
    if step in ("review", "confirm") and form.is_valid():
        reason = form.cleaned_data["reason"]
        if step == "confirm" and request.POST.get("confirm") == "erase":
            try:
                member_erase_checked(role=role, member=member, reason=reason)
            except (ValidationError, PermissionDenied) as exc:
                text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                messages.error(request, text)
            else:
                messages.success(request, _("The person's data was erased."))
                return _member_page(role, member)
        context.update(
            reason=reason, preview=selectors.erasure_preview(role, member), confirming=True
        )
        return render(request, "privacy/erase_confirm.html", context)
    return render(request, "privacy/erase.html", context)


@login_required
def privacy_settings(request, slug):
    """How long the service keeps each kind of data, and the erasures done in it."""
    role = role_for(request.user, slug, "configure")
    policy = retention_for(role.service)
    form = forms.RetentionForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            retention_update(
                role=role, **{name: form.cleaned_data[name] for name in form.Meta.fields}
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Retention saved."))
            return redirect("privacy:settings", slug)
    return render(
        request,
        "privacy/settings.html",
        {"role": role, "form": form, "erasures": selectors.erasures_for(role)[:50]},
    )


@login_required
@require_safe
def access_log_page(request, slug):
    """Who of the staff opened which member's data (read-only)."""
    role = role_for(request.user, slug, "access_log")
    kind = request.GET.get("kind", "")
    if kind not in StaffAccess.Kind.values:
        kind = ""
    member_id = request.GET.get("member", "")
    member_id = int(member_id) if member_id.isdigit() else None
    page = Paginator(access_log(role, kind=kind, member_id=member_id), ACCESS_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "privacy/access_log.html",
        {
            "role": role,
            "page": page,
            "kind": kind,
            "member_id": member_id or "",
            "kinds": StaffAccess.Kind.choices,
        },
    )

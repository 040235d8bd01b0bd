"""The Staff page: invite by e-mail, change or remove a role, withdraw an invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.orgs import services
from passerelle.orgs.models import Role, StaffInvitation
from passerelle.orgs.selectors import role_for
from passerelle.setup import forms, selectors


def _page(request, role, invite_form=None, status=200):
    staff = selectors.staff_list(role)
    return render(
        request,
        "setup/staff.html",
        {
            "role": role,
            "staff": [
                (row, forms.RoleForm(initial={"role": row.role}, prefix=f"r{row.pk}"))
                for row in staff
            ],
            "invitations": selectors.invitations_pending(role),
            "events": selectors.staff_events(role),
            "invite_form": invite_form or forms.InviteForm(),
        },
        status=status,
    )


@login_required
def staff(request, slug):
    role = role_for(request.user, slug, "manage_staff")
    if request.method != "POST":
        return _page(request, role)
    action = request.POST.get("action")
    if action == "invite":
        return _invite(request, role)
    here = reverse("setup:staff", args=[slug])
    try:
        if action == "role":
            return _change(request, role, here)
        if action == "remove":
            return _remove(request, role, here)
        if action == "revoke":
            services.invitation_revoke(
                role=role, invitation_id=_int(request.POST.get("invitation"))
            )
            messages.success(request, _("The invitation was withdrawn."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(here)


def _invite(request, role):
    form = forms.InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, role, invite_form=form, status=422)
    try:
        done = services.staff_invite(
            role=role,
            email=form.cleaned_data["email"],
            new_role=form.cleaned_data["role"],
            link_for=lambda token: request.build_absolute_uri(
                reverse("accounts:invitation", args=[token])
            ),
        )
    except ValidationError as exc:
        form.add_error("email", exc)
        return _page(request, role, invite_form=form, status=422)
    if isinstance(done, StaffInvitation):
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": done.email})
    else:
        messages.success(
            request,
            _("%(email)s already had an account: they now have the role.")
            % {"email": done.user.email},
        )
    return redirect("setup:staff", role.service.slug)


def _change(request, role, here):
    row_id = _int(request.POST.get("staff_role"))
    form = forms.RoleForm(request.POST, prefix=f"r{row_id}")
    if not form.is_valid():
        raise ValidationError(_("Choose one of the listed roles."))
    new_role = form.cleaned_data["role"]
    if not confirmed(request):
        return confirm_page(
            request,
            question=_("Change this person's role to “%(role)s”?") % {"role": Role(new_role).label},
            button=_("Change the role"),
            cancel_url=here,
        )
    target = services.staff_role_set(role=role, staff_role_id=row_id, new_role=new_role)
    messages.success(
        request,
        _("%(email)s is now “%(role)s”.")
        % {"email": target.user.email, "role": target.get_role_display()},
    )
    return redirect(here)


def _remove(request, role, here):
    row_id = _int(request.POST.get("staff_role"))
    if not confirmed(request):
        return confirm_page(
            request,
            question=_("Remove this person from the service's staff?"),
            button=_("Remove"),
            cancel_url=here,
        )
    services.staff_remove(role=role, staff_role_id=row_id)
    messages.success(request, _("The person no longer works in this service."))
    return redirect(here)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0

"""The invitation link: the invited person chooses a password, then (where their service's
sign-in policy asks it) sets up two-factor — the middleware sends them there — and lands
in the inbox."""

from django.contrib.auth import login
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from passerelle.accounts.forms import InvitationForm
from passerelle.orgs.models import StaffRole
from passerelle.orgs.selectors import invitation_from_token
from passerelle.orgs.services import invitation_accept


@never_cache
def invitation(request, token):
    found = invitation_from_token(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation=found,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_landing(user, found.service))
    return render(
        request,
        "accounts/invitation.html",
        {
            "form": form,
            "invitation": found,
            "password_help": password_validators_help_text_html(),
        },
        status=422 if form.errors else 200,
    )


def _landing(user, service) -> str:
    """The inbox of the service they were invited to, when their role has one."""
    role = StaffRole.objects.select_related("service").get(user=user, service=service)
    if role.can("inbox"):
        return reverse("conversations:inbox", args=[service.slug])
    return reverse("web:home")

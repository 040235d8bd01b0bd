"""Setting up and entering a second factor; a service's sign-in policy page."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import verify_token

from passerelle.accounts import selectors, services
from passerelle.accounts.forms import SignInPolicyForm, TokenForm
from passerelle.orgs.selectors import role_for


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def two_factor_setup(request):
    """Show a new authenticator secret (QR code and otpauth URI) and confirm it with a code."""
    current = selectors.confirmed_device(request.user)
    if current is not None and not request.user.is_verified():
        # Whoever has only the password must not replace the owner's authenticator.
        return redirect(_url("verify", request))
    device = services.two_factor_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if services.two_factor_confirm(request=request, device=device, token=token):
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(_next(request))
        form.add_error("token", _("This code is not the one your app shows now. Try again."))
    uri = device.config_url
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "otpauth_uri": uri,
            "secret": _base32(device),
            # segno writes plain SVG shapes (no script): safe to put in the page as is.
            "qr_svg": mark_safe(segno.make(uri, error="m").svg_inline(scale=4)),
            "replacing": current is not None,
            "required": selectors.two_factor_required(request.user),
            "next": _next(request),
        },
    )


@login_required
def two_factor_verify(request):
    """Enter the code of the authenticator set up before."""
    device = selectors.confirmed_device(request.user)
    if device is None:
        return redirect(_url("setup", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = verify_token(request.user, device.persistent_id, form.cleaned_data["token"])
        if verified is not None:
            services.two_factor_session_verify(request=request, device=verified)
            return redirect(_next(request))
        form.add_error("token", _("This code is not the one your app shows now. Try again."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


@login_required
def sign_in_policy(request, slug):
    """A service administrator's page: two-factor for every role, and who has set it up."""
    role = role_for(request.user, slug, "configure")
    policy = getattr(role.service, "sign_in_policy", None)
    initial = {"require_two_factor": bool(policy and policy.require_two_factor)}
    form = SignInPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.sign_in_policy_set(
            role=role, require_two_factor=form.cleaned_data["require_two_factor"]
        )
        messages.success(request, _("Sign-in settings saved."))
        return redirect("accounts:sign_in_policy", slug)
    return render(
        request,
        "accounts/sign_in_policy.html",
        {"role": role, "form": form, "staff": selectors.staff_two_factor(role)},
    )


def _url(name: str, request) -> str:
    query = urlencode({"next": _next(request)})
    return f"{reverse(f'accounts:two_factor_{name}')}?{query}"


def _base32(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

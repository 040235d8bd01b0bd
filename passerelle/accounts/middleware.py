"""Staff who need a second factor work only in a session verified with one.

After the password, an administrator (or anyone in a service that requires it, or anyone
who set up an authenticator) is sent to enter a code, or to set up an authenticator app
first. Everything is covered except the pages that get them there and what is public.
Installed after django_otp's OTPMiddleware, which tells whether the session is verified.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from passerelle.accounts.selectors import confirmed_device, two_factor_expected

# Public pages (members', platforms') and the way through the second factor itself.
OPEN_PATHS = (
    "/account/two-factor/",
    "/account/invitation/",
    "/logout/",
    "/i18n/",
    "/webhooks/",
    "/chat/",
    "/g/",
)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PATHS)
            and not user.is_verified()
            and two_factor_expected(user)
        ):
            return self._second_factor(request, user)
        return self.get_response(request)

    @staticmethod
    def _second_factor(request, user):
        if request.path.startswith("/api/") or request.headers.get("HX-Request"):
            # No page to send a script or a poller to: say what is missing.
            return JsonResponse({"detail": "two-factor verification required"}, status=403)
        name = "verify" if confirmed_device(user) else "setup"
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(f'accounts:two_factor_{name}')}?{query}")

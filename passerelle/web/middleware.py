"""Response headers the whole site shares."""

from django.conf import settings


class SecureCookiesMiddleware:
    """With Secure cookies on (an https public URL), every cookie the site sets is Secure,
    whoever set it: the web chat's visitor cookie follows request.is_secure(), which is
    False when a TLS proxy in front is not declared (PASSERELLE_BEHIND_PROXY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_SECURE:
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response

"""Platform webhooks answered before Django's URL map and middleware (passerelle/wsgi.py).

A platform's callback needs none of what the middleware gives a person's browser: no
session, locale, CSRF, authentication, two-factor or HTML security headers. Measured
before: URL resolution was 9.6 % of a webhook's CPU (its route was the ninth tried), the
locale middleware 3.8 %, so its path is matched first and the view called directly.
Every other path goes through Django as before, and the same view still answers under the
full stack (tests, `runserver`, ASGI).
"""

import re
import uuid

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.db import InterfaceError, OperationalError, connection

from passerelle.channels.webhooks import webhook

# The path of channels/urls.py's "webhook" route; the <uuid> converter's pattern.
WEBHOOK_PATH = re.compile(
    r"/webhooks/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/"
)


class WebhookHandler(WSGIHandler):
    """Django's WSGI handler (request signals, database connection reuse, error pages)
    with one view and no middleware."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._webhook_response)

    def _webhook_response(self, request):
        # What the middleware did that a platform relies on: refuse a host we do not serve
        # (CommonMiddleware; a DisallowedHost becomes a 400) and no content sniffing.
        request.get_host()
        channel_uuid = uuid.UUID(WEBHOOK_PATH.fullmatch(request.path_info)[1])
        # CONN_HEALTH_CHECKS makes Django send `SELECT 1` before a request's first query:
        # a round trip as dear as the webhook's one INSERT. Skipped here: a connection
        # that died is noticed by that INSERT failing instead, and the view runs once more
        # on a new one (it is idempotent: the body is read once, a stored event is then
        # answered "duplicate", as a platform's retry would be).
        reused = connection.connection is not None and connection.health_check_enabled
        if reused:
            connection.health_check_done = True
        try:
            response = webhook(request, channel_uuid=channel_uuid)
        except (InterfaceError, OperationalError):
            if not reused or connection.in_atomic_block:
                raise
            connection.close()
            response = webhook(request, channel_uuid=channel_uuid)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


class WebhooksFirst:
    """A WSGI application: webhook paths to WebhookHandler, everything else to Django."""

    def __init__(self, django_application):
        self.django_application = django_application
        self.webhooks = WebhookHandler()

    def __call__(self, environ, start_response):
        if WEBHOOK_PATH.fullmatch(environ.get("PATH_INFO", "")):
            return self.webhooks(environ, start_response)
        return self.django_application(environ, start_response)

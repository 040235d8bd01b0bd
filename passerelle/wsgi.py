import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelle.settings")
application = get_wsgi_application()

# After Django is set up (get_wsgi_application): the webhook view imports models.
from passerelle.channels.webhook_handler import WebhooksFirst  # noqa: E402

# Platforms' webhooks skip the URL map and the middleware (channels/webhook_handler.py).
application = WebhooksFirst(application)

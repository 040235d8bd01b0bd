from django.urls import path

from passerelle.channels import webhooks

app_name = "channels"
urlpatterns = [path("webhooks/<uuid:channel_uuid>/", webhooks.webhook, name="webhook")]

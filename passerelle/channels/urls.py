from django.urls import path

from passerelle.channels import views, webhooks

app_name = "channels"
urlpatterns = [
    path("webhooks/<uuid:channel_uuid>/", webhooks.webhook, name="webhook"),
    path("files/<str:signed>/", views.outgoing_file, name="outgoing_file"),
    path("s/<slug:slug>/channels/", views.channel_settings, name="settings"),
    path(
        "s/<slug:slug>/channels/connect/<slug:type_slug>/",
        views.channel_connect_view,
        name="connect",
    ),
    path(
        "s/<slug:slug>/channels/<int:channel_id>/deactivate/",
        views.channel_deactivate_view,
        name="deactivate",
    ),
    path(
        "s/<slug:slug>/channels/<int:channel_id>/push-text/",
        views.channel_push_text_view,
        name="push_text",
    ),
]

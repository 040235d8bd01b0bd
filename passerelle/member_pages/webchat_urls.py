from django.urls import path

from passerelle.member_pages import webchat as views
from passerelle.member_pages import webchat_app as app

app_name = "webchat"
urlpatterns = [
    path("chat/<uuid:channel_uuid>/", views.page, name="page"),
    path("chat/<uuid:channel_uuid>/feed/", views.feed, name="feed"),
    path("chat/<uuid:channel_uuid>/upload/", views.upload, name="upload"),
    path("chat/<uuid:channel_uuid>/file/<str:token>/", views.file, name="file"),
    path("chat/<uuid:channel_uuid>/manifest.webmanifest", app.manifest, name="manifest"),
    path("chat/<uuid:channel_uuid>/sw.js", app.service_worker, name="service_worker"),
    path("chat/<uuid:channel_uuid>/push/", app.push_subscribe, name="push_subscribe"),
    path("chat/<uuid:channel_uuid>/push/off/", app.push_unsubscribe, name="push_unsubscribe"),
]

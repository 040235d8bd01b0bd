from django.urls import path

from passerelle.member_pages import webchat as views

app_name = "webchat"
urlpatterns = [
    path("chat/<uuid:channel_uuid>/", views.page, name="page"),
    path("chat/<uuid:channel_uuid>/feed/", views.feed, name="feed"),
    path("chat/<uuid:channel_uuid>/upload/", views.upload, name="upload"),
    path("chat/<uuid:channel_uuid>/file/<str:token>/", views.file, name="file"),
]

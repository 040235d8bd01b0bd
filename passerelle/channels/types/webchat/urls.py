from django.urls import path

from passerelle.channels.types.webchat import views

app_name = "webchat"
urlpatterns = [
    path("chat/<uuid:channel_uuid>/", views.page, name="page"),
    path("chat/<uuid:channel_uuid>/feed/", views.feed, name="feed"),
]

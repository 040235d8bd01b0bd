from django.urls import path

from passerelle.member_pages import simulator as views

app_name = "simulator"
urlpatterns = [
    path("simulator/<uuid:channel_uuid>/", views.page, name="page"),
    path("simulator/<uuid:channel_uuid>/sign/", views.sign_body, name="sign"),
    path("simulator/<uuid:channel_uuid>/feed/", views.feed, name="feed"),
    path("simulator/<uuid:channel_uuid>/upload/", views.upload, name="upload"),
    path("simulator/<uuid:channel_uuid>/file/<str:token>/", views.file, name="file"),
]

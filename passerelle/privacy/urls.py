from django.urls import path

from passerelle.privacy import views

app_name = "privacy"
urlpatterns = [
    path("s/<slug:slug>/privacy/", views.privacy_settings, name="settings"),
    path("s/<slug:slug>/privacy/access/", views.access_log_page, name="access_log"),
    path(
        "s/<slug:slug>/privacy/members/<int:member_id>/export/",
        views.member_export,
        name="export",
    ),
    path("s/<slug:slug>/privacy/members/<int:member_id>/erase/", views.member_erase, name="erase"),
]

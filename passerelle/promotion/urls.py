from django.urls import path

from passerelle.promotion import views

app_name = "promotion"
urlpatterns = [
    path("s/<slug:slug>/promote/", views.promote, name="promote"),
    path("s/<slug:slug>/promote/poster/", views.poster, name="poster"),
    path("s/<slug:slug>/promote/texts/new/", views.text_edit, name="text_new"),
    path("s/<slug:slug>/promote/texts/<int:text_id>/", views.text_edit, name="text_edit"),
    path(
        "s/<slug:slug>/promote/texts/<int:text_id>/delete/", views.text_delete, name="text_delete"
    ),
    path("s/<slug:slug>/promote/texts/undo/", views.text_undo, name="text_undo"),
    path(
        "s/<slug:slug>/promote/channels/<int:channel_id>/link/",
        views.join_link_set,
        name="join_link",
    ),
    path(
        "s/<slug:slug>/promote/channels/<int:channel_id>/qr.png",
        views.qr_code,
        {"fmt": "png"},
        name="qr_png",
    ),
    path(
        "s/<slug:slug>/promote/channels/<int:channel_id>/qr.svg",
        views.qr_code,
        {"fmt": "svg"},
        name="qr_svg",
    ),
    path("s/<slug:slug>/promote/activity/", views.quiet_days, name="quiet_days"),
    path("s/<slug:slug>/promote/activity/dismiss/", views.prompt_dismiss, name="dismiss"),
    path("s/<slug:slug>/promote/activity/notice/", views.prompt_notice, name="notice"),
]

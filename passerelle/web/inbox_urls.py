"""The inbox's addresses (kept in the "conversations" namespace the templates use)."""

from django.urls import path

from passerelle.web import inbox as views
from passerelle.web import labelling, staff_files

app_name = "conversations"
urlpatterns = [
    path("s/<slug:slug>/inbox/", views.inbox, name="inbox"),
    path("s/<slug:slug>/files/", staff_files.upload, name="staff_upload"),
    path("s/<slug:slug>/inbox/threads/", views.thread_list, name="threads"),
    path("s/<slug:slug>/inbox/alerts/", views.alerts, name="alerts"),
    path("s/<slug:slug>/inbox/alerts/settings/", views.alerts_settings, name="alerts_settings"),
    path("s/<slug:slug>/inbox/label/", labelling.label_many, name="label_many"),
    path("s/<slug:slug>/inbox/label/apply/", labelling.label_many_apply, name="label_many_apply"),
    path(
        "s/<slug:slug>/inbox/label/suggested/",
        labelling.label_many_suggested,
        name="label_many_suggested",
    ),
    path("s/<slug:slug>/threads/<int:thread_id>/new/", views.new_messages, name="new"),
    path("s/<slug:slug>/threads/<int:thread_id>/older/", views.older_messages, name="older"),
    path("s/<slug:slug>/threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("s/<slug:slug>/threads/<int:thread_id>/status/", views.thread_status, name="status"),
    path("s/<slug:slug>/messages/<int:message_id>/label/", views.label, name="label"),
    path("s/<slug:slug>/messages/<int:message_id>/language/", views.language, name="language"),
    path("s/<slug:slug>/messages/<int:message_id>/private/", views.private_thread, name="private"),
    path(
        "s/<slug:slug>/inbox/<int:thread_id>/saved-replies/",
        views.saved_menu,
        name="saved_menu",
    ),
    path("s/<slug:slug>/messages/<int:message_id>/media/", views.message_media, name="media"),
    path(
        "s/<slug:slug>/threads/<int:thread_id>/whatsapp-template/",
        views.template_send,
        name="send_template",
    ),
]

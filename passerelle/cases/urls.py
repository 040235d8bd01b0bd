from django.urls import path

from passerelle.cases import settings_views, views

app_name = "cases"
urlpatterns = [
    path("s/<slug:slug>/cases/", views.caseload, name="caseload"),
    path("s/<slug:slug>/cases/enrol/", views.enrol, name="enrol"),
    path("s/<slug:slug>/cases/settings/", settings_views.case_settings, name="settings"),
    path("s/<slug:slug>/cases/<int:file_id>/", views.file_detail, name="file"),
    path("s/<slug:slug>/cases/<int:file_id>/edit/", views.file_edit, name="edit"),
    path("s/<slug:slug>/cases/<int:file_id>/status/", views.file_status, name="status"),
    path("s/<slug:slug>/cases/<int:file_id>/notes/", views.note_add, name="note_add"),
    path("s/<slug:slug>/cases/<int:file_id>/calls/", views.call_add, name="call_add"),
    path("s/<slug:slug>/cases/<int:file_id>/consent/", views.consent_add, name="consent_add"),
    path(
        "s/<slug:slug>/cases/<int:file_id>/consent/request/",
        views.consent_request,
        name="consent_request",
    ),
    path(
        "s/<slug:slug>/cases/<int:file_id>/consent/<int:consent_id>/document/",
        views.consent_document,
        name="consent_document",
    ),
    path(
        "s/<slug:slug>/cases/messages/<int:message_id>/note/",
        views.message_note,
        name="message_note",
    ),
]

from django.urls import path

from passerelle.reports import survey_views, views

app_name = "reports"
urlpatterns = [
    path("s/<slug:slug>/reports/", views.dashboard, name="dashboard"),
    path("s/<slug:slug>/reports/settings/", views.settings_edit, name="settings"),
    path("s/<slug:slug>/reports/exports/<int:export_id>/", views.export_status, name="export"),
    path(
        "s/<slug:slug>/reports/exports/<int:export_id>/download/",
        views.export_download,
        name="export_download",
    ),
    path("s/<slug:slug>/reports/<slug:name>/", views.report, name="report"),
    path(
        "s/<slug:slug>/surveys/<int:survey_id>/results/",
        survey_views.survey_results,
        name="survey_results",
    ),
]

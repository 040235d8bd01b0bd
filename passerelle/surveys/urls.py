from django.urls import path

from passerelle.surveys import views, webform

app_name = "surveys"
urlpatterns = [
    path("s/<slug:slug>/surveys/", views.survey_list, name="list"),
    path("s/<slug:slug>/surveys/new/", views.survey_create, name="create"),
    path("s/<slug:slug>/surveys/<int:survey_id>/", views.survey_edit, name="edit"),
    path("s/<slug:slug>/surveys/<int:survey_id>/waves/new/", views.wave_new, name="wave_new"),
    path(
        "s/<slug:slug>/surveys/<int:survey_id>/waves/<int:wave_id>/cancel/",
        views.wave_cancel,
        name="wave_cancel",
    ),
    path("survey/<str:token>/", webform.survey_form, name="form"),
]

from django.urls import path

from passerelle.setup import settings_views, staff_views, wizard

app_name = "setup"
urlpatterns = [
    path("services/new/", wizard.wizard, name="wizard_start"),
    path("services/new/<int:number>/", wizard.wizard, name="wizard"),
    path("s/<slug:slug>/settings/", settings_views.service_settings, name="settings"),
    path("s/<slug:slug>/settings/archive/", settings_views.service_archive, name="archive"),
    path("s/<slug:slug>/staff/", staff_views.staff, name="staff"),
]

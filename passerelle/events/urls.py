from django.urls import path

from passerelle.events import views

app_name = "events"
urlpatterns = [
    path("s/<slug:slug>/posts/<int:post_id>/event/", views.event_page, name="event"),
    path(
        "s/<slug:slug>/posts/<int:post_id>/event/registrations.csv",
        views.registrations_csv,
        name="csv",
    ),
]

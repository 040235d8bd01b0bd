from django.urls import path

from passerelle.members import views

app_name = "members"
urlpatterns = [
    path("s/<slug:slug>/addresses/<int:identity_id>/reveal/", views.reveal, name="reveal"),
]

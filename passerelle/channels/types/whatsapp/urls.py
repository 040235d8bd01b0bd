from django.urls import path

from passerelle.channels.types.whatsapp import views

app_name = "whatsapp"
urlpatterns = [
    path("s/<slug:slug>/whatsapp/templates/", views.templates_page, name="templates"),
    path(
        "s/<slug:slug>/whatsapp/templates/<int:template_id>/delete/",
        views.template_delete,
        name="template_delete",
    ),
]

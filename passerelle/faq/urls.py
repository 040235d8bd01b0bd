from django.urls import path

from passerelle.faq import views

app_name = "faq"
urlpatterns = [
    path("s/<slug:slug>/faq/", views.faq_list, name="list"),
    path("s/<slug:slug>/faq/new/", views.faq_edit, name="new"),
    path("s/<slug:slug>/faq/<int:entry_id>/", views.faq_edit, name="edit"),
    path("s/<slug:slug>/faq/<int:entry_id>/verified/", views.faq_verify, name="verify"),
    path("s/<slug:slug>/canned/", views.canned_list, name="canned"),
]

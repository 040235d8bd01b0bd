from django.urls import path

from passerelle.faq import saved_views, views

app_name = "faq"
urlpatterns = [
    path("s/<slug:slug>/faq/", views.faq_list, name="list"),
    path("s/<slug:slug>/faq/new/", views.faq_edit, name="new"),
    path("s/<slug:slug>/faq/<int:entry_id>/", views.faq_edit, name="edit"),
    path("s/<slug:slug>/faq/<int:entry_id>/verified/", views.faq_verify, name="verify"),
    path("s/<slug:slug>/canned/", views.canned_list, name="canned"),
    path("s/<slug:slug>/saved-replies/", saved_views.saved_list, name="saved"),
    path("s/<slug:slug>/saved-replies/new/", saved_views.saved_edit, name="saved_new"),
    path("s/<slug:slug>/saved-replies/<int:reply_id>/", saved_views.saved_edit, name="saved_edit"),
    path(
        "s/<slug:slug>/saved-replies/<int:reply_id>/delete/",
        saved_views.saved_delete,
        name="saved_delete",
    ),
]

from django.urls import path

from passerelle.posts import views

app_name = "posts"
urlpatterns = [
    path("s/<slug:slug>/posts/", views.post_list, name="list"),
    path("s/<slug:slug>/posts/new/", views.post_new, name="new"),
    path("s/<slug:slug>/posts/audience/", views.audience_count, name="audience"),
    path("s/<slug:slug>/posts/types/", views.post_types, name="types"),
    path("s/<slug:slug>/posts/announce/move/", views.announce_move, name="announce_move"),
    path("s/<slug:slug>/posts/announce/closing/", views.announce_closing, name="announce_closing"),
    path("s/<slug:slug>/posts/<int:post_id>/", views.post_detail, name="detail"),
    path("s/<slug:slug>/posts/<int:post_id>/edit/", views.post_edit, name="edit"),
    path("s/<slug:slug>/posts/<int:post_id>/cancel/", views.post_cancel, name="cancel"),
]

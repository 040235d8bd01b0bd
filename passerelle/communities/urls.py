from django.urls import path

from passerelle.communities import member_list, views

app_name = "communities"
urlpatterns = [
    # Public: the link in the welcome message; members have no account.
    path("g/<slug:slug>/", views.guidelines_public, name="guidelines_public"),
    path("g/<slug:slug>/v<int:version>/", views.guidelines_public, name="guidelines_version"),
    path("s/<slug:slug>/guidelines/", views.guidelines_manage, name="guidelines"),
    path("s/<slug:slug>/join-settings/", views.join_settings, name="join_settings"),
    path("s/<slug:slug>/members/", member_list.member_list, name="member_list"),
]

from django.urls import path

from passerelle.members import views

app_name = "members"
urlpatterns = [path("s/<slug:slug>/members/", views.member_list, name="list")]

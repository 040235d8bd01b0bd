from django.urls import path

from passerelle.accounts import invitations, views

app_name = "accounts"
urlpatterns = [
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("account/invitation/<str:token>/", invitations.invitation, name="invitation"),
    path("s/<slug:slug>/sign-in/", views.sign_in_policy, name="sign_in_policy"),
]

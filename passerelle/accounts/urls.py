from django.urls import path

from passerelle.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("s/<slug:slug>/sign-in/", views.sign_in_policy, name="sign_in_policy"),
]

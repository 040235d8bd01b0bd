from django.urls import path

from passerelle.referrals import views

app_name = "referrals"
urlpatterns = [
    path("s/<slug:slug>/partners/", views.partner_list, name="partners"),
    path("s/<slug:slug>/partners/new/", views.partner_edit, name="partner_new"),
    path("s/<slug:slug>/partners/<int:partner_id>/", views.partner_edit, name="partner_edit"),
    path("s/<slug:slug>/questions/<int:question_id>/refer/", views.refer, name="refer"),
    path("s/<slug:slug>/referrals/", views.referral_list, name="list"),
    path(
        "s/<slug:slug>/referrals/<int:referral_id>/outcome/", views.referral_outcome, name="outcome"
    ),
]

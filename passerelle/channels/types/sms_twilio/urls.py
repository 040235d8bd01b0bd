from django.urls import path

from passerelle.channels.types.sms_twilio import views

app_name = "sms_twilio"
urlpatterns = [path("s/<slug:slug>/sms/segments/", views.segment_count, name="segments")]

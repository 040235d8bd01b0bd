"""The protocol's actions on client files (namespace case_actions)."""

from django.urls import path

from passerelle.cases import action_views as views

app_name = "case_actions"
_file = "s/<slug:slug>/cases/<int:file_id>/"
urlpatterns = [
    path(_file + "protocol/", views.protocol_page, name="protocol"),
    path(_file + "urgent/", views.urgent_mark, name="urgent"),
    path(_file + "urgent/clear/", views.urgent_clear, name="urgent_clear"),
    path(_file + "acknowledge/", views.acknowledge, name="acknowledge"),
    path(_file + "in-person/", views.in_person, name="in_person"),
    path(_file + "off-topic/", views.off_topic, name="off_topic"),
    path(_file + "limit/", views.limit, name="limit"),
    path(_file + "limit/lift/", views.limit_lift, name="limit_lift"),
    path(_file + "end/", views.end, name="end"),
    path(_file + "follow-up/plan/", views.followup_plan, name="followup_plan"),
    path(_file + "follow-up/done/", views.followup_done, name="followup_done"),
]

from django.urls import path

from passerelle.moderation import ban_views, merge_views, views, word_views

app_name = "moderation"
urlpatterns = [
    path("s/<slug:slug>/moderation/", views.queue, name="queue"),
    path("s/<slug:slug>/moderation/audit/", views.audit, name="audit"),
    path("s/<slug:slug>/moderation/bans/", ban_views.ban_list, name="bans"),
    path("s/<slug:slug>/moderation/words/", word_views.word_list, name="words"),
    path(
        "s/<slug:slug>/moderation/words/<int:word_id>/remove/",
        word_views.word_remove,
        name="word_remove",
    ),
    path("s/<slug:slug>/moderation/merge/", merge_views.merge_list, name="merges"),
    path("s/<slug:slug>/moderation/merge/pick/", merge_views.merge_pick, name="merge_pick"),
    path(
        "s/<slug:slug>/moderation/merge/<int:kept_id>/<int:merged_id>/",
        merge_views.merge_confirm,
        name="merge_confirm",
    ),
    path(
        "s/<slug:slug>/moderation/merges/<int:merge_id>/undo/",
        merge_views.merge_undo,
        name="merge_undo",
    ),
    path("s/<slug:slug>/moderation/bans/<int:ban_id>/lift/", ban_views.ban_lift, name="ban_lift"),
    path(
        "s/<slug:slug>/moderation/members/<int:membership_id>/ban/",
        ban_views.member_ban,
        name="member_ban",
    ),
    path(
        "s/<slug:slug>/moderation/members/<int:membership_id>/", views.member_detail, name="member"
    ),
    path(
        "s/<slug:slug>/moderation/members/<int:membership_id>/<slug:action>/",
        views.member_action,
        name="member_action",
    ),
    path(
        "s/<slug:slug>/moderation/messages/<int:message_id>/", views.message_detail, name="message"
    ),
    path(
        "s/<slug:slug>/moderation/messages/<int:message_id>/<slug:action>/",
        views.message_action,
        name="message_action",
    ),
    path(
        "s/<slug:slug>/moderation/warnings/<int:warning_id>/withdraw/",
        views.warning_withdraw,
        name="warning_withdraw",
    ),
    path(
        "s/<slug:slug>/moderation/proposals/<int:proposal_id>/<slug:action>/",
        views.proposal_action,
        name="proposal_action",
    ),
    path(
        "s/<slug:slug>/moderation/joins/<int:intake_id>/<slug:action>/",
        views.intake_action,
        name="intake_action",
    ),
]

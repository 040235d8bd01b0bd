from django.urls import path

from passerelle.questions import views

app_name = "questions"
urlpatterns = [
    path("s/<slug:slug>/questions/", views.question_list, name="list"),
    path("s/<slug:slug>/questions/standard/", views.standard_edit, name="standard"),
    path("s/<slug:slug>/questions/<int:question_id>/", views.question_detail, name="detail"),
    path("s/<slug:slug>/questions/<int:question_id>/card/", views.question_card, name="card"),
    path(
        "s/<slug:slug>/questions/<int:question_id>/acknowledge/",
        views.acknowledge,
        name="acknowledge",
    ),
    path("s/<slug:slug>/questions/<int:question_id>/assign/", views.assign, name="assign"),
    path("s/<slug:slug>/questions/<int:question_id>/answer/", views.answer, name="answer"),
    path(
        "s/<slug:slug>/questions/<int:question_id>/answered/",
        views.mark_answered,
        name="mark_answered",
    ),
    path(
        "s/<slug:slug>/questions/<int:question_id>/verify/",
        views.verify_member_answer,
        name="verify",
    ),
    path("s/<slug:slug>/questions/<int:question_id>/close/", views.close, name="close"),
    path("s/<slug:slug>/questions/<int:question_id>/reopen/", views.reopen, name="reopen"),
    path(
        "s/<slug:slug>/threads/<int:thread_id>/questions/", views.thread_panel, name="thread_panel"
    ),
]

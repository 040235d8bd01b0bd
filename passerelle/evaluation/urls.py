from django.urls import path

from passerelle.evaluation import edit_views, views

app_name = "evaluation"
P = "s/<slug:slug>/evaluation/"
urlpatterns = [
    path(P, views.framework_page, name="framework"),
    path(P + "start/", views.framework_start, name="start"),
    path(P + "plan/", views.plan_page, name="plan"),
    path(P + "plan/edit/", views.plan_edit, name="plan_edit"),
    path(P + "history/", views.history_page, name="history"),
    path(P + "print/", views.print_page, name="print"),
    path(P + "export.xlsx", views.export_xlsx, name="export_xlsx"),
    path(P + "export.csv", views.export_csv, name="export_csv"),
    path(P + "model/new/", edit_views.item_edit, name="item_new"),
    path(P + "model/<int:item_id>/", edit_views.item_edit, name="item_edit"),
    path(P + "model/<int:item_id>/delete/", edit_views.item_delete, name="item_delete"),
    path(P + "model/<int:item_id>/move/", edit_views.item_move, name="item_move"),
    path(P + "results/new/", edit_views.result_edit, name="result_new"),
    path(P + "results/<int:result_id>/", edit_views.result_edit, name="result_edit"),
    path(P + "results/<int:result_id>/delete/", edit_views.result_delete, name="result_delete"),
    path(P + "results/<int:result_id>/move/", edit_views.result_move, name="result_move"),
    path(
        P + "results/<int:result_id>/indicators/new/",
        edit_views.indicator_edit,
        name="indicator_new",
    ),
    path(P + "indicators/<int:indicator_id>/", edit_views.indicator_edit, name="indicator_edit"),
    path(
        P + "indicators/<int:indicator_id>/delete/",
        edit_views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        P + "indicators/<int:indicator_id>/move/",
        edit_views.indicator_move,
        name="indicator_move",
    ),
    path(P + "indicators/<int:indicator_id>/values/", edit_views.values_page, name="values"),
    path(P + "values/<int:value_id>/delete/", edit_views.value_delete, name="value_delete"),
]

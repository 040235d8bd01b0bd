from django.urls import path

from passerelle.planning import maturity_views, policy_views, risk_views, views

app_name = "planning"
P = "s/<slug:slug>/planning/"
urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "readiness/", views.readiness_page, name="readiness"),
    path(P + "readiness/edit/", views.readiness_edit, name="readiness_edit"),
    path(P + "readiness.xlsx", views.readiness_xlsx, name="readiness_xlsx"),
    path(P + "platforms/", views.platforms_page, name="platforms"),
    path(P + "platforms/edit/", views.platforms_edit, name="platforms_edit"),
    path(P + "platforms.xlsx", views.platforms_xlsx, name="platforms_xlsx"),
    path(P + "policies/", policy_views.policies_page, name="policies"),
    path(P + "policies.xlsx", policy_views.policies_xlsx, name="policies_xlsx"),
    path(P + "policies/<slug:kind>/<str:language>/", policy_views.policy_edit, name="policy_edit"),
    path(
        P + "policies/<slug:kind>/<str:language>/history/",
        policy_views.policy_history,
        name="policy_history",
    ),
    path(P + "risks/", risk_views.register_page, name="risks"),
    path(P + "risks/new/", risk_views.risk_edit, name="risk_new"),
    path(P + "risks/<int:risk_id>/", risk_views.risk_edit, name="risk_edit"),
    path(P + "risks/<int:risk_id>/delete/", risk_views.risk_delete, name="risk_delete"),
    path(P + "risks.xlsx", risk_views.risks_xlsx, name="risks_xlsx"),
    path(P + "maturity/", maturity_views.maturity_page, name="maturity"),
    path(P + "maturity/assess/", maturity_views.maturity_assess, name="maturity_assess"),
    path(P + "maturity.xlsx", maturity_views.maturity_xlsx, name="maturity_xlsx"),
]

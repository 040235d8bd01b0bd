from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from passerelle.api.urls import api

urlpatterns = [
    path("", include("passerelle.web.urls")),
    path("", include("passerelle.web.inbox_urls")),
    path("", include("passerelle.questions.urls")),
    path("", include("passerelle.referrals.urls")),
    path("", include("passerelle.cases.urls")),
    path("", include("passerelle.cases.action_urls")),
    path("", include("passerelle.surveys.urls")),
    path("", include("passerelle.posts.urls")),
    path("", include("passerelle.events.urls")),
    path("", include("passerelle.evaluation.urls")),
    path("", include("passerelle.planning.urls")),
    path("", include("passerelle.faq.urls")),
    path("", include("passerelle.communities.urls")),
    path("", include("passerelle.setup.urls")),
    path("", include("passerelle.moderation.urls")),
    path("", include("passerelle.privacy.urls")),
    path("", include("passerelle.promotion.urls")),
    path("", include("passerelle.reports.urls")),
    path("", include("passerelle.members.urls")),
    path("", include("passerelle.channels.urls")),
    path("", include("passerelle.member_pages.simulator_urls")),
    path("", include("passerelle.member_pages.webchat_urls")),
    path("", include("passerelle.channels.types.whatsapp.urls")),
    path("", include("passerelle.channels.types.sms_twilio.urls")),
    path("", include("passerelle.accounts.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

from django.apps import AppConfig


class MemberPagesConfig(AppConfig):
    name = "passerelle.member_pages"
    label = "member_pages"

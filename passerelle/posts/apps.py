from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "passerelle.posts"
    label = "posts"

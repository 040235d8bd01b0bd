from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "passerelle.posts"
    label = "posts"

    def ready(self):
        from passerelle.orgs.signals import service_archiving
        from passerelle.posts.closing import closing_on_archive

        # Archiving a service tells its members first (posts.closing).
        service_archiving.connect(closing_on_archive, dispatch_uid="posts-closing-on-archive")
        from passerelle.posts.merge import register_posts

        # Its part of a member merge (members.merge).
        register_posts()

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "passerelle.events"
    label = "events"

    def ready(self):
        from passerelle.events.owner import register_owner
        from passerelle.events.services import registrations_ask
        from passerelle.events.texts import event_text_extra
        from passerelle.posts.hooks import post_batch_listen, post_text_extra_register

        register_owner()
        post_text_extra_register(event_text_extra)
        post_batch_listen(registrations_ask)
        from passerelle.events.merge import register_events

        # Its part of a member merge (members.merge).
        register_events()

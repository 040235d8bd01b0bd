"""What events say to members, in en, fr and ar (placeholders filled by events.services)."""

from django.utils import formats, timezone, translation

from passerelle.events.models import Event
from passerelle.posts.languages import text_for

TEXTS = {
    "when_where": {
        "en": "📅 {when}{place}{link}",
        "fr": "📅 {when}{place}{link}",
        "ar": "📅 {when}{place}{link}",
    },
    # Under an event posted in the group: replying to the post is how one registers there.
    "register_in_group": {
        "en": "To register, reply 1 to this message.",
        "fr": "Pour vous inscrire, répondez 1 à ce message.",
        "ar": "للتسجيل، ردّوا على هذه الرسالة بـ 1.",
    },
    # Asked privately just after the post (a prompt: the reply "1" registers).
    "register_question": {
        "en": "To register for “{title}” ({when}), reply 1.",
        "fr": "Pour vous inscrire à « {title} » ({when}), répondez 1.",
        "ar": "للتسجيل في «{title}» ({when})، أرسلوا 1.",
    },
    "register_option": {"en": "Register", "fr": "M'inscrire", "ar": "التسجيل"},
    "registered": {
        "en": "You are registered for “{title}”, {when}{place}. We will remind you the day before.",
        "fr": "Vous êtes inscrit·e à « {title} », {when}{place}. Nous vous le rappellerons "
        "la veille.",
        "ar": "تم تسجيلكم في «{title}»، {when}{place}. سنذكّركم في اليوم السابق.",
    },
    "waiting": {
        "en": "“{title}” is full: you are on the waiting list. We will tell you if a place opens.",
        "fr": "« {title} » est complet : vous êtes sur la liste d'attente. Nous vous "
        "dirons si une place se libère.",
        "ar": "«{title}» مكتمل: أنتم على قائمة الانتظار. سنخبركم إذا توفّر مكان.",
    },
    "already": {
        "en": "You are already registered for “{title}”.",
        "fr": "Vous êtes déjà inscrit·e à « {title} ».",
        "ar": "أنتم مسجّلون مسبقاً في «{title}».",
    },
    "promoted": {
        "en": "A place opened: you are now registered for “{title}”, {when}{place}.",
        "fr": "Une place s'est libérée : vous êtes maintenant inscrit·e à « {title} », "
        "{when}{place}.",
        "ar": "توفّر مكان: أنتم الآن مسجّلون في «{title}»، {when}{place}.",
    },
    "cancelled": {
        "en": "Your registration for “{title}” was cancelled.",
        "fr": "Votre inscription à « {title} » a été annulée.",
        "ar": "أُلغي تسجيلكم في «{title}».",
    },
    "reminder": {
        "en": "Reminder: “{title}” is tomorrow, {when}{place}{link}.",
        "fr": "Rappel : « {title} » a lieu demain, {when}{place}{link}.",
        "ar": "تذكير: «{title}» غداً، {when}{place}{link}.",
    },
}
TITLE_LENGTH = 80


def say(key: str, language: str, **params) -> str:
    texts = TEXTS[key]
    return texts.get(language, texts["en"]).format(**params)


def title_of(event, language: str) -> str:
    """The event's name for a reader: the first line of the post's text in their language."""
    text, _language = text_for(event.post.texts, language, event.service.languages)
    first = (text.strip().splitlines() or [""])[0].strip()
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1].rstrip() + "…"


def when_of(event, language: str) -> str:
    local = timezone.localtime(event.starts_at, event.service.tz)
    with translation.override(language or "en"):
        return formats.date_format(local, "l j F Y, H:i")


def params_of(event, language: str) -> dict:
    return {
        "title": title_of(event, language),
        "when": when_of(event, language),
        "place": f" · {event.place}" if event.place else "",
        "link": f" · {event.link}" if event.link else "",
    }


def event_text_extra(post, language: str) -> str:
    """posts.hooks: the date, place and link under an event's text, and for the group how
    to register there."""
    event = event_of_post(post)
    if event is None:
        return ""
    params = params_of(event, language)
    lines = [say("when_where", language, **params)]
    if post.audience == post.Audience.GROUP:
        lines.append(say("register_in_group", language))
    return "\n".join(lines)


def event_of_post(post):
    """The post's event, read once per post object (a batch asks for it many times)."""
    if not hasattr(post, "_event_cache"):
        post._event_cache = Event.objects.filter(post=post).select_related("service").first()
        if post._event_cache is not None:
            post._event_cache.post = post
    return post._event_cache

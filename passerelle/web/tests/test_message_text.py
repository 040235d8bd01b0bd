"""Messages' links are tappable and safe; relative times read like a person says them."""

from datetime import timedelta

from django.utils import timezone, translation

from passerelle.members.templatetags.member_tags import ago, linkify


def test_links_in_a_message_are_tappable_escaped_and_marked_as_user_content():
    html = linkify('See https://example.org/a?b=1 <script>alert("x")</script> & www.ircc.ca')
    assert '<a rel="noopener nofollow ugc" href="https://example.org/a?b=1">' in html
    assert '<a rel="noopener nofollow ugc" href="http://www.ircc.ca">www.ircc.ca</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html


def test_a_message_that_writes_an_anchor_gets_no_anchor():
    html = linkify('<a href="javascript:alert(1)">click</a>')
    assert "<a " not in html and "&lt;a href=" in html


def test_relative_times_say_just_now_then_how_long_ago_in_the_readers_language():
    now = timezone.now()
    assert ago(now - timedelta(seconds=5)) == "just now"
    assert ago(now - timedelta(minutes=5)) == "5\xa0minutes ago"
    with translation.override("fr"):
        assert ago(now) == "à l'instant"
        assert ago(now - timedelta(minutes=5)) == "il y a 5\xa0minutes"
    with translation.override("ar"):
        assert ago(now) == "الآن"
    assert ago(None) == ""


def test_languages_are_named_in_themselves():
    from passerelle.members.templatetags.member_tags import language_name

    assert [language_name(c) for c in ("ar", "fr", "en")] == ["العربية", "Français", "English"]
    assert language_name("es") == "Español" and language_name("xx") == "xx"

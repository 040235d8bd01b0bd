"""What apps above posts add to a post as it goes out, without posts knowing them.

Events (passerelle.events) add the date and place to an event's text and ask the members
who got it privately whether they register. Each app registers its functions once, in its
AppConfig.ready(); posts calls them by these two lists.
"""

_text_extras: list = []
_batch_listeners: list = []


def post_text_extra_register(fn) -> None:
    """`fn(post, language) -> str`: a line added under the post's text in `language`."""
    if fn not in _text_extras:
        _text_extras.append(fn)


def post_batch_listen(fn) -> None:
    """`fn(post, rows, now)`: called in a batch's transaction with its recipients, once
    their messages are written (rows of members reached privately have `message_id`)."""
    if fn not in _batch_listeners:
        _batch_listeners.append(fn)


def text_with_extras(post, text: str, language: str) -> str:
    lines = [line for fn in _text_extras if (line := fn(post, language))]
    return "\n\n".join([text, *lines]) if lines else text


def batch_sent(post, rows, now) -> None:
    for fn in _batch_listeners:
        fn(post, rows, now)

"""The toolkit's readiness checklist (Table 1), in our own words.

The statements and the purposes are fixed texts shown in the reader's language; the
answers and explanations are the service's own, kept as written.
"""

from django.utils.translation import gettext_lazy as _

STATEMENTS = [
    (
        "purpose",
        _(
            "I want to use digital messaging for a precise purpose, based on the needs of the "
            "community or group we will serve. We plan to use it to improve newcomers' "
            "experience in one or more of these ways:"
        ),
    ),
    (
        "audience",
        _(
            "The target group of this service is clearly defined and we know it is "
            "interested in a digital messaging service."
        ),
    ),
    (
        "preferences",
        _(
            "I have gathered what the target communities know of and prefer in digital "
            "messaging (for example, which apps they prefer)."
        ),
    ),
]
STATEMENT_KEYS = [key for key, _text in STATEMENTS]

PURPOSES = [
    ("exchange", _("Exchanging information")),
    ("navigate", _("Helping people find their way through services and the system")),
    ("community", _("Building community awareness")),
    ("isolation", _("Reducing social isolation")),
    ("other", _("Other")),
]
PURPOSE_KEYS = [key for key, _text in PURPOSES]

ANSWERS = [
    ("yes", _("Yes")),
    ("no", _("No")),
    ("doubt", _("Doubts? (get more information)")),
]
ANSWER_KEYS = [key for key, _text in ANSWERS]

STOP_AND_PLAN = _(
    "If the answer is “no”, or if you have doubts about any of the statements above, stop "
    "and take the time to find the answers you are missing before going further."
)
INTRO = _(
    "Before going to the next step, use this checklist to confirm you have all the "
    "information you need, and use it to document how you designed the service."
)


def answers_of(data: dict) -> list[tuple[str, str, str, str]]:
    """(key, statement, answer key, explanation) for every statement, answered or not."""
    answers = data.get("answers", {})
    return [
        (
            key,
            text,
            answers.get(key, {}).get("answer", ""),
            answers.get(key, {}).get("explanation", ""),
        )
        for key, text in STATEMENTS
    ]


def must_stop(data: dict) -> bool:
    """The toolkit's rule: any "no", any doubt, or any statement left open means stop."""
    return any(answer != "yes" for _k, _t, answer, _e in answers_of(data))

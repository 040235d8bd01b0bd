"""The intake's questions as the person sees them: which is next, its wording, its options.

Each step is asked as a prompt (passerelle.prompts) owned by the intake: the step after
the one answered comes next, and a question turned off mid-way changes nothing already
answered.
"""

from datetime import timedelta
from functools import partial

from passerelle.common.memo import amend, once, remember
from passerelle.communities.models import _pick as pick
from passerelle.communities.notify import guidelines_url, render, render_with
from passerelle.communities.services import policy_for
from passerelle.communities.texts import LANGUAGE_NAMES

LANGUAGE, GUIDELINES = "language", "guidelines"
# The owner name of the intake's prompts (communities.apps registers IntakeOwner).
INTAKE_OWNER = "intake"


def steps(intake, questions=None) -> list[tuple[str, object]]:
    """(key, question) in the order they are asked; language first, guidelines last.

    `questions` are the service's active questions when already read (a sweep).
    """
    service = intake.service
    if questions is None:
        questions = once(
            ("intake_questions", service.pk),
            lambda: list(service.intake_questions.filter(is_active=True)),
        )
    steps: list[tuple[str, object]] = []
    if len(set(service.languages or [])) > 1:
        steps.append((LANGUAGE, None))
    steps += [(q.key, q) for q in questions]
    if intake.guidelines_id:
        steps.append((GUIDELINES, None))
    return steps


def current_step(intake) -> tuple[str | None, object]:
    """The first step without an answer, or (None, None) when all are answered."""
    done = answered(intake)
    return next(((key, q) for key, q in steps(intake) if key not in done), (None, None))


def answered(intake) -> set[str]:
    """The keys of the steps the person answered (kept for the event: see intake_answer)."""
    return once(
        ("intake_answered", intake.pk), lambda: set(intake.answers.values_list("key", flat=True))
    )


def answers_none(intake) -> None:
    """A new intake: nothing is answered yet (its first question is asked without a read)."""
    remember(("intake_answered", intake.pk), set())


def answer_noted(intake, key: str) -> None:
    """An answer to `key` was just stored: the next step is computed without reading."""
    amend(("intake_answered", intake.pk), lambda done: done.add(key))


def _renderer(texts):
    # texts: the service's wordings already read (communities.notify.service_texts), or None.
    return render if texts is None else partial(render_with, texts)


def options(intake, key, question, language, texts=None) -> list[tuple[str, str]]:
    service, render = intake.service, _renderer(texts)
    if key == LANGUAGE:
        return [(code, LANGUAGE_NAMES.get(code, code)) for code in dict.fromkeys(service.languages)]
    if key == GUIDELINES or question.kind == "yes_no":
        return [("yes", render(service, "yes", language)), ("no", render(service, "no", language))]
    if question.kind == "choice":
        return [(c["value"], pick(c.get("labels"), language)) for c in question.choices]
    return []


def prompt(intake, key, question, language, texts=None) -> str:
    """The question as the person reads it: prompt, optional hint, numbered options."""
    service, render = intake.service, _renderer(texts)
    if key == LANGUAGE:
        head = render(service, "ask_language", language)
    elif key == GUIDELINES:
        head = render(
            service,
            "ask_guidelines",
            language,
            guidelines_url=guidelines_url(service, intake.guidelines, language),
        )
    else:
        head = pick(question.prompts, language)
        if not question.required:
            head += " " + render(service, "optional_hint", language)
    choices = options(intake, key, question, language, texts)
    return "\n".join([head] + [f"{n}. {label}" for n, (_v, label) in enumerate(choices, 1)])


def step_after(intake, key: str) -> tuple[str | None, object]:
    """The step asked after `key`, or (None, None) after the last one. A step no longer
    asked (a question turned off meanwhile) falls back to the first one unanswered."""
    order = steps(intake)
    keys = [k for k, _q in order]
    if key not in keys:
        return current_step(intake)
    return next(iter(order[keys.index(key) + 1 :]), (None, None))


def question_of(intake, key: str):
    """The IntakeQuestion behind step `key` (None for the language and the guidelines)."""
    return dict(steps(intake)).get(key)


def before_texts(intake, key, *, texts=None) -> list[str]:
    """What is said before the step's question: the guidelines' full text before "do you
    accept them?" — the person accepts what they have read, not a link."""
    if key != GUIDELINES:
        return []
    service, language, render = intake.service, intake.language, _renderer(texts)
    return [
        render(service, "guidelines_intro", language, version=intake.guidelines.version)
        + "\n\n"
        + intake.guidelines.render(language)
    ]


def step_prompt(intake, key, question, *, at, before=(), texts=None) -> dict:
    """The step as a prompt (prompts.services.prompt_ask's keywords): the intake's own
    wording with its numbered options, in the intake's language, its reminder and its
    deadline from the service's policy, counted from now."""
    language = intake.language
    choices = options(intake, key, question, language, texts)
    if not choices:
        kind = "short_text"
    elif key == GUIDELINES or (question is not None and question.kind == "yes_no"):
        kind = "yes_no"
    else:
        kind = "choice"
    policy = policy_for(intake.service)
    return {
        "key": key,
        "kind": kind,
        "wording": {language: prompt(intake, key, question, language, texts)},
        # A language is also named by its own name ("Français" for fr), in any language.
        "options": [
            {"value": value, "labels": {"": label}, "words": [LANGUAGE_NAMES.get(value, "")]}
            for value, label in choices
        ],
        "skippable": question is not None and not question.required,
        "language": language,
        "show_options": False,  # the wording numbers them, in the service's words
        "remind_at": at + timedelta(hours=policy.intake_reminder_hours),
        "expires_at": at + timedelta(hours=policy.intake_timeout_hours),
        "before": [*before, *before_texts(intake, key, texts=texts)],
    }

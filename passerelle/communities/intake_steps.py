"""The intake's questions as the person sees them: which is next, its wording, its options.

The next question is always "the first step without an answer", computed from the rows, so
a question added or turned off mid-way changes nothing already answered.
"""

from functools import partial

from passerelle.common.memo import amend, once, remember
from passerelle.communities.models import _pick as pick
from passerelle.communities.notify import guidelines_url, member_notify_text, render, render_with
from passerelle.communities.texts import LANGUAGE_NAMES

LANGUAGE, GUIDELINES = "language", "guidelines"


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


def ask_texts(intake, key, question, *, preface: str = "", texts=None) -> list[str]:
    """What asking the step says, in order: the guidelines' full text first, then the prompt."""
    service, language, render = intake.service, intake.language, _renderer(texts)
    said = []
    if key == GUIDELINES:
        # The full text first: the person accepts what they have read, not a link.
        said.append(
            render(service, "guidelines_intro", language, version=intake.guidelines.version)
            + "\n\n"
            + intake.guidelines.render(language)
        )
    wording = prompt(intake, key, question, language, texts)
    said.append(f"{preface}\n\n{wording}" if preface else wording)
    return said


def ask(intake, *, preface: str = "", send: bool = True, at=None) -> None:
    key, question = current_step(intake)
    service, member, language = intake.service, intake.membership.member, intake.language
    for text in ask_texts(intake, key, question, preface=preface):
        member_notify_text(
            service=service, member=member, text=text, language=language, send=send, at=at
        )

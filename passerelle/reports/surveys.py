"""A survey's results as report tables: per question counts and percentages, one pair of
columns per wave (the comparison over time), and the text answers.

Anonymous surveys follow the service's small-number rule: a count under the threshold is
"< N" (its percentage is hidden with it), and text answers are listed only when the
responses they come from reach the threshold. Every format renders these same tables.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.reports.tables import Below, Row, Table, suppress
from passerelle.surveys.models import TEXT_KINDS, SurveyResponse
from passerelle.surveys.selectors import question_counts, text_answers
from passerelle.surveys.services import asked_questions


def _label(texts: dict, language: str, fallback: list[str]) -> str:
    for lang in (language, *fallback):
        if texts.get(lang):
            return texts[lang]
    return next(iter(texts.values()), "")


def _wave_label(wave) -> str:
    when = timezone.localtime(wave.started_at or wave.scheduled_at, wave.survey.service.tz)
    trigger = {"at_intake": _("At intake"), "at_exit": _("At exit")}.get(wave.trigger)
    # A wave at intake or at exit spans months: its column says since when and what it is.
    return f"{when:%Y-%m-%d} · {trigger}" if trigger else when.strftime("%Y-%m-%d")


def _options(question, language, languages):
    if question.kind == "scale":
        return [(str(n), str(n)) for n in range(1, 6)]
    if question.kind == "yes_no":
        return [("yes", _("Yes")), ("no", _("No"))]
    return [(o["value"], _label(o["labels"], language, languages)) for o in question.options]


def survey_result_tables(survey, waves, threshold: int, language: str = "") -> list[Table]:
    """One table per question asked (texts: one table listing them), waves side by side."""
    language = language or survey.languages[0]
    waves = list(waves)
    counts = question_counts(survey, waves)
    texts = text_answers(survey, waves)
    completed = SurveyResponse.objects.filter(wave__in=waves, state="completed").count()
    rule = threshold if survey.anonymous and threshold > 1 else 0
    columns = []
    for wave in waves:
        columns += [_wave_label(wave), "%"]
    tables = []
    for question in asked_questions(survey):
        title = _label(question.text, language, survey.languages)
        if question.kind in TEXT_KINDS:
            tables.append(_text_table(question, title, texts.get(question.pk, []), completed, rule))
            continue
        by_wave = counts.get(question.pk, {})
        options = _options(question, language, survey.languages)
        if question.kind == "number":
            seen = sorted({v for c in by_wave.values() for v in c if v and not v.startswith("__")})
            options = [(v, v) for v in seen]
        rows = []
        for value, label in [*options, ("", _("Skipped"))]:
            values = []
            for wave in waves:
                counter = by_wave.get(wave.pk, {})
                answered = sum(n for v, n in counter.items() if not v.startswith("__") and v)
                if question.kind == "multi":
                    answered = counter.get("__respondents__", 0)
                base = answered + counter.get("", 0)
                n = counter.get(value, 0)
                shown = suppress(n, rule) if rule else n
                share = None
                if not isinstance(shown, Below) and base:
                    share = round(100 * n / base, 1)
                values += [shown, share]
            rows.append(Row(key=value or "skipped", label=label, values=values))
        tables.append(
            Table(
                key=question.key,
                title=title,
                columns=columns,
                rows=rows,
                people_breakdown=survey.anonymous,
            )
        )
    return tables


def _text_table(question, title, answers, completed, rule) -> Table:
    notes = []
    if rule and completed < rule:
        notes.append(
            _("Text answers are hidden until %(n)s people have answered (anonymous survey).")
            % {"n": rule}
        )
        answers = []
    return Table(
        key=question.key,
        title=title,
        columns=[],
        rows=[
            Row(key=f"{question.key}_{i}", label=text, values=[])
            for i, text in enumerate(answers, 1)
        ],
        notes=notes,
        extra={"text": True, "count": len(answers)},
    )

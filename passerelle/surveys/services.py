"""Writing surveys and waves: staff actions, each with its event row (one writer per table).

Responses are written by surveys.responses; the sending of waves by surveys.sending.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.orgs.permissions import require
from passerelle.surveys.models import (
    Kind,
    Survey,
    SurveyEvent,
    SurveyQuestion,
    SurveyWave,
)
from passerelle.surveys.templates_builtin import TEMPLATES

CAPABILITY = "manage_surveys"
AUDIENCE_KEYS = {"languages", "platforms", "joined_after", "joined_before", "intake"}


def survey_event_add(survey, kind, *, actor=None, wave=None, data=None, at=None) -> SurveyEvent:
    """The event row of a change to a survey or to one of its waves (`survey` may be None
    when `wave` is given: the scheduler's sends know only the wave)."""
    return SurveyEvent.objects.create(
        org_id=(survey or wave).org_id,
        survey_id=survey.pk if survey is not None else wave.survey_id,
        wave=wave,
        kind=kind,
        actor=actor,
        data=data or {},
        created_at=at or timezone.now(),
    )


def _actor(role):
    return getattr(role, "user", None)


def survey_create_from_template(
    *, role, template: str, languages: list[str], name: str = "", at=None
) -> Survey:
    """A new draft survey of the role's service, copied from a built-in template."""
    require(role, CAPABILITY)
    source = TEMPLATES.get(template)
    if source is None:
        raise ValidationError(_("Unknown survey template."))
    service = role.service
    languages = [lang for lang in languages if lang in (service.languages or [])] or [
        service.default_language
    ]
    now = at or timezone.now()

    def _keep(texts: dict) -> dict:
        # Only the chosen languages: an admin edits what members will read.
        return {lang: texts.get(lang) or texts["en"] for lang in languages}

    with transaction.atomic():
        survey = Survey.objects.create(
            org_id=service.org_id,
            service=service,
            name=(name or str(source.name)).strip()[:200],
            template=source.key,
            anonymous=source.anonymous,
            languages=languages,
            intro=_keep(source.intro),
            thanks=_keep(source.thanks),
            created_by=_actor(role),
            created_at=now,
            updated_at=now,
        )
        SurveyQuestion.objects.bulk_create(
            SurveyQuestion(
                org_id=service.org_id,
                survey=survey,
                position=position,
                key=q.key,
                kind=q.kind,
                text=_keep(q.text),
                options=[{"value": o["value"], "labels": _keep(o["labels"])} for o in q.options],
                optional=q.optional,
                skip_if=q.skip_if,
                skip_to=q.skip_to,
            )
            for position, q in enumerate(source.questions, start=1)
        )
        survey_event_add(
            survey,
            SurveyEvent.Kind.CREATED,
            actor=_actor(role),
            data={"template": template},
            at=now,
        )
    return survey


def _check_questions(survey, questions: list[dict]) -> None:
    keys = [q["key"] for q in questions]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Two questions have the same key."))
    for index, q in enumerate(questions):
        if q["kind"] not in Kind.values:
            raise ValidationError(_("Unknown question kind."))
        if not any((q.get("text") or {}).get(lang) for lang in survey.languages):
            raise ValidationError(_("Every question needs a text."))
        if q["kind"] in (Kind.CHOICE, Kind.MULTI) and not q.get("options"):
            raise ValidationError(_("A choice question needs options."))
        if q.get("skip_to") and q["skip_to"] not in keys[index + 1 :]:
            raise ValidationError(_("A question can only skip to a later question."))


def survey_update(
    *,
    role,
    survey: Survey,
    name: str | None = None,
    anonymous: bool | None = None,
    state: str | None = None,
    intro: dict | None = None,
    thanks: dict | None = None,
    questions: list[dict] | None = None,
    at=None,
) -> Survey:
    """Edit a survey and, given `questions` (dicts of the question's fields), its questions.

    Questions that already have answers keep their rows (matched by key): results of earlier
    waves stay attached to them. Anonymity cannot be turned off once anyone has answered.
    """
    require(role, CAPABILITY, survey.service_id)
    now = at or timezone.now()
    changed = []
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if name is not None and name.strip() and name.strip() != survey.name:
            survey.name, changed = name.strip()[:200], [*changed, "name"]
        if anonymous is not None and anonymous != survey.anonymous:
            if not anonymous and survey.responses.exists():
                raise ValidationError(
                    _("People answered this survey anonymously: it stays anonymous.")
                )
            survey.anonymous, changed = anonymous, [*changed, "anonymous"]
        if state is not None and state != survey.state:
            if state not in Survey.State.values:
                raise ValidationError(_("Unknown survey state."))
            survey.state, changed = state, [*changed, "state"]
        for field, value in (("intro", intro), ("thanks", thanks)):
            if value is not None and value != getattr(survey, field):
                setattr(survey, field, value)
                changed.append(field)
        survey.updated_at = now
        survey.save()
        if changed:
            survey_event_add(
                survey,
                SurveyEvent.Kind.UPDATED,
                actor=_actor(role),
                data={"fields": changed},
                at=now,
            )
        if questions is not None:
            _questions_replace(role, survey, questions, now)
    return survey


def _questions_replace(role, survey, questions, now) -> None:
    _check_questions(survey, questions)
    existing = {q.key: q for q in survey.questions.all()}
    fields = ("kind", "text", "options", "optional", "skip_if", "skip_to")
    for position, data in enumerate(questions, start=1):
        question = existing.pop(data["key"], None) or SurveyQuestion(
            org_id=survey.org_id, survey=survey, key=data["key"]
        )
        question.position = position
        for field in fields:
            default = SurveyQuestion._meta.get_field(field).get_default()
            setattr(question, field, data.get(field, default))
        question.save()
    for question in existing.values():
        if question.answers.exists():
            # Answered once: kept for the results, asked no more (after every other one).
            question.position = 1000 + question.position
            question.save(update_fields=["position"])
        else:
            question.delete()
    survey_event_add(
        survey,
        SurveyEvent.Kind.QUESTIONS,
        actor=_actor(role),
        data={"keys": [q["key"] for q in questions]},
        at=now,
    )


def asked_questions(survey) -> list[SurveyQuestion]:
    """The questions a member is asked, in order (retired ones sit past position 1000)."""
    return [q for q in survey.questions.all() if q.position < 1000]


def _audience_clean(audience: dict) -> dict:
    audience = {k: v for k, v in (audience or {}).items() if k in AUDIENCE_KEYS and v}
    for key in ("joined_after", "joined_before"):
        if key in audience:
            audience[key] = str(audience[key])[:10]
    return audience


def wave_create(
    *,
    role,
    survey: Survey,
    audience: dict | None = None,
    scheduled_at=None,
    repeat_months: int | None = None,
    open_days: int = 14,
    trigger: str = SurveyWave.Trigger.SCHEDULED,
    opening_template=None,
    at=None,
) -> SurveyWave:
    """Plan a wave: now (the next sweep sends it) or at `scheduled_at`, maybe repeating;
    or, `trigger` at intake / at exit, for every member who joins / leaves from then on.
    `opening_template` (an approved WhatsApp template of the service) opens the survey for
    members reachable only on WhatsApp outside the 24-hour window."""
    require(role, CAPABILITY, survey.service_id)
    if survey.state == Survey.State.ARCHIVED:
        raise ValidationError(_("An archived survey cannot be sent."))
    if not asked_questions(survey):
        raise ValidationError(_("Add a question before sending the survey."))
    _check_trigger(trigger, audience, repeat_months)
    _check_template(opening_template, survey.service)
    now = at or timezone.now()
    with transaction.atomic():
        if survey.state == Survey.State.DRAFT:
            Survey.objects.filter(pk=survey.pk).update(state=Survey.State.ACTIVE, updated_at=now)
            survey.state = Survey.State.ACTIVE
        wave = SurveyWave.objects.create(
            org_id=survey.org_id,
            service_id=survey.service_id,
            survey=survey,
            audience=_audience_clean(audience),
            scheduled_at=_start_of(trigger, scheduled_at or now),
            repeat_months=repeat_months or None,
            open_days=max(1, min(int(open_days or 14), 90)),
            trigger=trigger,
            opening_template=opening_template,
            created_by=_actor(role),
            created_at=now,
        )
        survey_event_add(
            survey,
            SurveyEvent.Kind.WAVE_CREATED,
            actor=_actor(role),
            wave=wave,
            data={
                "audience": wave.audience,
                "repeat_months": wave.repeat_months,
                "trigger": trigger,
                "opening_template": getattr(opening_template, "pk", None),
            },
            at=now,
        )
    return wave


def _start_of(trigger, at):
    # Platforms date events to the second (a Telegram or Meta timestamp): a member who leaves
    # in the second the wave starts counts as after it.
    return at if trigger == SurveyWave.Trigger.SCHEDULED else at.replace(microsecond=0)


def _check_trigger(trigger, audience, repeat_months) -> None:
    if trigger not in SurveyWave.Trigger.values:
        raise ValidationError(_("Unknown wave trigger."))
    if trigger == SurveyWave.Trigger.SCHEDULED:
        return
    # The sweep's read of who is new cannot apply a segment: it asks everyone who joins or
    # leaves (a segment would leave non-matching members "new" on every tick).
    if _audience_clean(audience):
        raise ValidationError(
            _(
                "A wave at intake or at exit asks everyone who joins or leaves: "
                "leave the audience empty."
            )
        )
    if repeat_months:
        raise ValidationError(
            _("A wave at intake or at exit runs until cancelled: it does not repeat.")
        )


def _check_template(template, service) -> None:
    if template is None:
        return
    if template.channel.service_id != service.pk or template.channel.type != "whatsapp":
        raise ValidationError(_("This template belongs to another service."))
    if template.param_count > 1:
        raise ValidationError(
            _("A template that opens a survey can have one parameter at most (the service's name).")
        )


def wave_cancel(*, role, wave: SurveyWave, at=None) -> bool:
    """Stop a wave that has not finished sending (members already asked keep their survey)."""
    require(role, CAPABILITY, wave.service_id)
    now = at or timezone.now()
    with transaction.atomic():
        done = SurveyWave.objects.filter(
            pk=wave.pk, state__in=[SurveyWave.State.SCHEDULED, SurveyWave.State.SENDING]
        ).update(state=SurveyWave.State.CANCELLED, finished_at=now)
        if done:
            survey_event_add(
                wave.survey, SurveyEvent.Kind.WAVE_CANCELLED, actor=_actor(role), wave=wave, at=now
            )
    return bool(done)


def next_wave_at(wave: SurveyWave):
    """When a repeating wave's next one is due: the same day N months later (the month's
    last day when it is shorter)."""
    start = wave.scheduled_at
    month = start.month - 1 + (wave.repeat_months or 0)
    year, month = start.year + month // 12, month % 12 + 1
    day = start.day
    while True:
        try:
            return start.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1  # 31 March + 6 months is 30 September

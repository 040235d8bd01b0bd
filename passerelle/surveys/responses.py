"""Members answering a survey in their conversation: the survey's answers, one at a time.

The prompt engine asks each question and hands the answer back (surveys.owner); this module
is the one writer of SurveyResponse and SurveyAnswer, whatever way the answer came (the
conversation, the web form, the demo seed).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelle.communities.notify import (
    member_language,
    member_notify,
    member_notify_text,
    render_with,
    service_texts,
)
from passerelle.prompts.services import (
    prompt_ask,
    prompt_cancel,
    prompts_ask_many,
    prompts_forget,
)
from passerelle.surveys.links import form_url
from passerelle.surveys.models import (
    Survey,
    SurveyAnswer,
    SurveyRecipient,
    SurveyResponse,
    SurveyWave,
)
from passerelle.surveys.services import asked_questions
from passerelle.surveys.texts import TEXTS

OWNER = "survey_response"
# The one reminder of a survey, if the member has not answered its first question by then.
REMIND_AFTER = timedelta(days=2)


def _day(at, tz):
    """Times of an anonymous response, kept to the day: a minute would match its messages.
    The service's day, so a period's report counts it where the member answered it."""
    return timezone.localtime(at, tz).replace(hour=0, minute=0, second=0, microsecond=0)


def _stamp(survey, at):
    return _day(at, survey.service.tz) if survey.anonymous else at


def response_language(survey, member) -> str:
    """The member's language if the survey speaks it, else the survey's first language."""
    language = getattr(member, "language", "") or ""
    if language in survey.languages:
        return language
    service_language = member_language(survey.service, member)
    return service_language if service_language in survey.languages else survey.languages[0]


def _wording(texts: dict, language: str, fallback: str) -> str:
    return texts.get(language) or texts.get(fallback) or next(iter(texts.values()), "")


def _first_wording(survey, question, link: str = "", texts=None) -> dict:
    """The first question opens with the survey's intro and the web form link, in one
    message per member (`texts`: the service's wordings, read once for a batch)."""
    intro = survey.intro or {}
    wording = {}
    if link and texts is None:
        texts = service_texts(survey.service)
    for lang, text in question.text.items():
        head = [intro[lang]] if intro.get(lang) else []
        if link:
            head.append(
                render_with(texts, survey.service, "survey_web_link", lang, TEXTS, url=link)
            )
        wording[lang] = "\n\n".join([*head, text])
    return wording


def _remind_at(response, at):
    remind_at = at + REMIND_AFTER
    return None if response.expires_at and remind_at >= response.expires_at else remind_at


def _ask_kwargs(response, question, *, first: bool, at, link: str = "", texts=None) -> dict:
    survey = response.survey
    return {
        "member": response.member,
        "channel": None,
        "owner": OWNER,
        "owner_id": response.pk,
        "key": question.key,
        "kind": question.kind,
        "wording": (
            _first_wording(survey, question, link, texts) if first else dict(question.text)
        ),
        "options": list(question.options),
        "skippable": question.optional,
        "language": response.language,
        "expires_at": response.expires_at,
        # The one reminder of a survey: of its first question, if nothing was answered.
        "remind_at": _remind_at(response, at) if first else None,
    }


def _ask(response, question, *, at, send=True, first=False, link=""):
    prompt_ask(
        service=response.survey.service,
        **_ask_kwargs(response, question, first=first, at=at, link=link),
        at=at,
        send=send,
    )
    SurveyResponse.objects.filter(pk=response.pk).update(current=question.key)
    response.current = question.key


def _new_response(wave, member, now, via="conversation", current="") -> SurveyResponse:
    survey = wave.survey
    return SurveyResponse(
        org_id=survey.org_id,
        service_id=survey.service_id,
        survey=survey,
        wave=wave,
        member=member,
        via=via,
        current=current,
        language=response_language(survey, member),
        started_at=_stamp(survey, now),
        expires_at=now + timedelta(days=wave.open_days),
    )


def response_begin(
    *, wave: SurveyWave, member, at=None, send: bool = True, link: str = ""
) -> SurveyResponse | None:
    """Start the member's response to a wave and ask its first question; None when the
    member is answering another survey (the recipient waits) or already answered this wave."""
    now = at or timezone.now()
    questions = asked_questions(wave.survey)
    if not questions:
        return None
    try:
        with transaction.atomic():
            response = _new_response(wave, member, now)
            response.save(force_insert=True)
    except IntegrityError:
        # One survey at a time (one_survey_answering_per_member), once per wave.
        return None
    _ask(response, questions[0], at=now, send=send, first=True, link=link)
    return response


def responses_begin_many(
    *, wave: SurveyWave, members: list, addresses=None, links=None, at=None
) -> set:
    """response_begin for a batch of a wave's recipients, in a few statements: returns the
    ids of the members who are answering another survey (they wait for it to end)."""
    now = at or timezone.now()
    survey = wave.survey
    questions = asked_questions(survey)
    ids = [m.pk for m in members]
    busy = set(
        SurveyResponse.objects.filter(member_id__in=ids, state="started").values_list(
            "member_id", flat=True
        )
    )
    done = set(
        SurveyResponse.objects.filter(wave=wave, member_id__in=ids).values_list(
            "member_id", flat=True
        )
    )
    fresh = [m for m in members if m.pk not in busy and m.pk not in done]
    if not questions or not fresh:
        return busy - done
    first = questions[0]
    responses = SurveyResponse.objects.bulk_create(
        [_new_response(wave, m, now, current=first.key) for m in fresh]
    )
    asks = []
    texts = service_texts(survey.service)
    for response, member in zip(responses, fresh, strict=True):
        response.survey, response.member = survey, member
        link = (links or {}).get(member.pk, "")
        asks.append(_ask_kwargs(response, first, first=True, at=now, link=link, texts=texts))
    prompts_ask_many(service=survey.service, asks=asks, at=now, addresses=addresses)
    return busy - done


def _next_question(response, question, value):
    questions = asked_questions(response.survey)
    keys = [q.key for q in questions]
    values = value if isinstance(value, list) else [value]
    if question.skip_if and question.skip_if in values:
        if not question.skip_to:
            return None
        return questions[keys.index(question.skip_to)] if question.skip_to in keys else None
    index = keys.index(question.key) if question.key in keys else len(keys)
    return questions[index + 1] if index + 1 < len(questions) else None


def answer_store(*, response, question, value, skipped: bool, wording: str, language: str):
    """Keep one answer (a second answer to the same question replaces the first)."""
    # The first question's message opened with the intro and the link: keep the question.
    text = question.text.get(language or response.language, "")
    if text and wording.find(text) > 0:
        wording = wording[wording.find(text) :]
    SurveyAnswer.objects.update_or_create(
        response=response,
        question=question,
        defaults={
            "org_id": response.org_id,
            "wording": wording or _wording(question.text, language, response.language),
            "language": language or response.language,
            "value": None if skipped else value,
            "skipped": skipped,
        },
    )


def response_answer(
    *,
    response: SurveyResponse,
    key: str,
    value,
    skipped: bool = False,
    wording: str = "",
    language: str = "",
    at=None,
    send: bool = True,
) -> SurveyResponse:
    """Store the answer to question `key` and ask the next one (branching), or complete."""
    now = at or timezone.now()
    with transaction.atomic():
        response = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .select_related("survey__service", "member")
            .get(pk=response.pk)
        )
        if response.state != SurveyResponse.State.STARTED:
            return response
        question = response.survey.questions.filter(key=key).first()
        if question is None:
            return response
        answer_store(
            response=response,
            question=question,
            value=value,
            skipped=skipped,
            wording=wording,
            language=language,
        )
        following = _next_question(response, question, None if skipped else value)
        if following is not None:
            _ask(response, following, at=now, send=send)
            return response
        return _complete(response, now, send=send)


def _end(response, state, now, *, start_next: bool = True) -> None:
    """Close a response; an anonymous one loses its member here and in the prompts."""
    survey = response.survey
    member = response.member
    response.state = state
    response.ended_at = _stamp(survey, now)
    response.current = ""
    fields = ["state", "ended_at", "current"]
    if survey.anonymous:
        response.member = None
        fields.append("member")
    response.save(update_fields=fields)
    if survey.anonymous:
        prompts_forget(owner=OWNER, owner_id=response.pk)
    if member is not None:
        if state == SurveyResponse.State.COMPLETED:
            # That they answered, never what: so nobody is asked this wave again (web form).
            SurveyRecipient.objects.filter(wave_id=response.wave_id, member=member).update(
                state=SurveyRecipient.State.DONE
            )
        if start_next:
            _start_waiting(member, now)


def _complete(response, now, *, send=True):
    survey = response.survey
    member = response.member
    language = response.language
    _end(response, SurveyResponse.State.COMPLETED, now, start_next=False)
    thanks = _wording(survey.thanks or {}, language, survey.languages[0])
    if thanks and member is not None:
        member_notify_text(
            service=survey.service,
            member=member,
            text=thanks,
            language=language,
            send=send,
            at=now,
        )
    if member is not None:
        _start_waiting(member, now)
    return response


def _start_waiting(member, now) -> None:
    """A wave that reached the member while they answered another survey asks now."""
    waiting = (
        SurveyRecipient.objects.filter(member=member, state=SurveyRecipient.State.QUEUED)
        .select_related("wave__survey__service")
        .order_by("pk")
        .first()
    )
    if waiting is None or waiting.wave.state == SurveyWave.State.CANCELLED:
        return
    if response_begin(wave=waiting.wave, member=member, at=now, link=form_url(waiting)):
        SurveyRecipient.objects.filter(pk=waiting.pk).update(
            state=SurveyRecipient.State.ASKED, asked_at=now
        )


def response_stop(*, member, at=None, notify: bool = True) -> SurveyResponse | None:
    """`/stop survey`: stop the survey the member is answering; answers so far are kept."""
    now = at or timezone.now()
    with transaction.atomic():
        response = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .filter(member=member, state=SurveyResponse.State.STARTED)
            .select_related("survey__service")
            .first()
        )
        if response is None:
            return None
        SurveyResponse.objects.filter(pk=response.pk).update(state=SurveyResponse.State.STOPPED)
        prompt_cancel(owner=OWNER, owner_id=response.pk, at=now)
        if notify:
            member_notify(
                service=response.survey.service,
                member=member,
                key="survey_stopped",
                catalog=TEXTS,
                language=response.language,
            )
    return response


def response_resume(*, member, service=None, at=None) -> SurveyResponse | None:
    """`/resume`: ask again the question where the member stopped (None if nothing to)."""
    now = at or timezone.now()
    with transaction.atomic():
        found = SurveyResponse.objects.select_for_update(of=("self",)).filter(
            member=member, state=SurveyResponse.State.STOPPED, expires_at__gt=now
        )
        if service is not None:
            found = found.filter(service=service)
        response = found.select_related("survey__service").order_by("-pk").first()
        if response is None:
            if service is not None:
                member_notify(
                    service=service,
                    member=member,
                    key="survey_nothing_to_resume",
                    catalog=TEXTS,
                )
            return None
        if SurveyResponse.objects.filter(member=member, state="started").exists():
            return None
        response.state = SurveyResponse.State.STARTED
        response.save(update_fields=["state"])
        questions = asked_questions(response.survey)
        answered = set(response.answers.values_list("question__key", flat=True))
        current = next((q for q in questions if q.key == response.current), None)
        if current is None:
            current = next((q for q in questions if q.key not in answered), None)
        if current is None:
            return _complete(response, now)
        _ask(response, current, at=now)
    return response


def response_expire(*, response: SurveyResponse, at=None) -> bool:
    """The time to answer ran out: the answers given are kept, the response ends."""
    now = at or timezone.now()
    with transaction.atomic():
        response = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .select_related("survey__service", "member")
            .filter(pk=response.pk, state__in=SurveyResponse.OPEN_STATES)
            .first()
        )
        if response is None:
            return False
        prompt_cancel(owner=OWNER, owner_id=response.pk, at=now)
        _end(response, SurveyResponse.State.EXPIRED, now)
    return True


def member_surveys_stop(*, member, at=None) -> int:
    """The member left the service: their survey stops (answers kept), nothing more is asked."""
    stopped = response_stop(member=member, at=at, notify=False)
    SurveyRecipient.objects.filter(member=member, state=SurveyRecipient.State.QUEUED).update(
        state=SurveyRecipient.State.UNREACHABLE,
        unreachable_reason=SurveyRecipient.Unreachable.LEFT,
    )
    return int(stopped is not None)


def responses_expire_sweep(now=None, batch: int = 200) -> int:
    """Scheduler job: end the responses whose time to answer has passed (stopped ones too)."""
    now = now or timezone.now()
    due = list(
        SurveyResponse.objects.filter(
            state__in=SurveyResponse.OPEN_STATES, expires_at__lte=now
        ).order_by("expires_at")[:batch]
    )
    return sum(response_expire(response=response, at=now) for response in due)


def response_submit_web(*, recipient: SurveyRecipient, answers: dict, at=None):
    """The web form: every answer at once ({key: value or None}); completes the response.

    Reaches the same rows as the conversation: a response the member began there is
    continued (its open prompt cancelled), never a second one for the wave.
    """
    now = at or timezone.now()
    wave = recipient.wave
    survey: Survey = wave.survey
    member = recipient.member
    with transaction.atomic():
        response = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .filter(wave=wave, member=member, state__in=SurveyResponse.OPEN_STATES)
            .first()
        )
        if response is None:
            done = SurveyRecipient.objects.filter(pk=recipient.pk, state="done").exists()
            if done or SurveyResponse.objects.filter(wave=wave, member=member).exists():
                return None  # answered already, here or in the conversation
            response = _new_response(wave, member, now, via="web")
            response.save(force_insert=True)
        else:
            prompt_cancel(owner=OWNER, owner_id=response.pk, at=now)
            response.state = SurveyResponse.State.STARTED
        response.survey = survey
        for question in asked_questions(survey):
            if question.key not in answers:
                continue
            value = answers[question.key]
            answer_store(
                response=response,
                question=question,
                value=value,
                skipped=value in (None, "", []),
                wording="",
                language=response.language,
            )
        response.member = member
        _end(response, SurveyResponse.State.COMPLETED, now)
    return response


def surveys_erase_for_member(*, member) -> int:
    """The person's data is being erased: their responses end and lose their member (the
    answers stay, joined to nobody, for the results); they are on no wave's list any more.
    How many responses were unlinked."""
    SurveyResponse.objects.filter(member=member, state__in=SurveyResponse.OPEN_STATES).update(
        state=SurveyResponse.State.EXPIRED, current=""
    )
    SurveyRecipient.objects.filter(member=member).delete()
    return SurveyResponse.objects.filter(member=member).update(member=None)

"""The short web form link: a member answers a wave's survey on one page, without signing in.

The link carries a signed token naming the recipient (wave and member), never a response, so
the message it goes out in links the member to nothing they answered. It reaches the same
services as the conversation (responses.response_submit_web).
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_protect

from passerelle.surveys.links import recipient_id
from passerelle.surveys.models import SurveyRecipient, SurveyWave
from passerelle.surveys.responses import response_language, response_submit_web
from passerelle.surveys.services import asked_questions

RTL = {"ar", "fa", "ur", "he", "ps"}


def _recipient(token: str) -> SurveyRecipient:
    pk = recipient_id(token)
    if pk is None:
        raise Http404
    recipient = (
        SurveyRecipient.objects.select_related("wave__survey__service", "member")
        .filter(pk=pk)
        .first()
    )
    if recipient is None or recipient.wave.state == SurveyWave.State.CANCELLED:
        raise Http404
    return recipient


def _label(texts, language, fallback):
    return texts.get(language) or texts.get(fallback) or next(iter(texts.values()), "")


def _parse(question, data) -> object:
    name = f"q_{question.key}"
    if question.kind == "multi":
        allowed = {o["value"] for o in question.options}
        return [v for v in data.getlist(name) if v in allowed]
    value = (data.get(name) or "").strip()[:2000]
    if question.kind == "choice" and value not in {o["value"] for o in question.options}:
        return None
    if question.kind == "scale" and value not in {"1", "2", "3", "4", "5"}:
        return None
    if question.kind == "yes_no" and value not in {"yes", "no"}:
        return None
    if question.kind == "number":
        digits = value.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))
        return digits if digits.isdigit() else None
    return value or None


@csrf_protect
def survey_form(request, token):
    recipient = _recipient(token)
    survey = recipient.wave.survey
    language = request.GET.get("lang") or response_language(survey, recipient.member)
    language = language if language in survey.languages else survey.languages[0]
    questions = asked_questions(survey)
    expired = (
        recipient.asked_at and (timezone.now() - recipient.asked_at).days > recipient.wave.open_days
    )
    done = recipient.state == SurveyRecipient.State.DONE
    errors = []
    if request.method == "POST" and not done and not expired:
        answers = {q.key: _parse(q, request.POST) for q in questions}
        missing = [q for q in questions if not q.optional and answers[q.key] in (None, [])]
        # Branching: a question skipped by an earlier answer is not required.
        skipped = _branch_skipped(questions, answers)
        errors = [q.key for q in missing if q.key not in skipped]
        if not errors:
            answers = {k: v for k, v in answers.items() if k not in skipped}
            response_submit_web(recipient=recipient, answers=answers)
            done = True
    with translation.override(language):
        return render(
            request,
            "surveys/form.html",
            {
                "survey": survey,
                "service": survey.service,
                "language": language,
                "rtl": language in RTL,
                "done": done,
                "expired": expired,
                "errors": errors,
                "questions": [
                    {
                        "q": q,
                        "text": _label(q.text, language, survey.languages[0]),
                        "options": [
                            (o["value"], _label(o["labels"], language, survey.languages[0]))
                            for o in q.options
                        ],
                    }
                    for q in questions
                ],
                "intro": _label(survey.intro or {}, language, survey.languages[0]),
                "thanks": _label(survey.thanks or {}, language, survey.languages[0]),
            },
            status=422 if errors else 200,
        )


def _branch_skipped(questions, answers) -> set[str]:
    keys = [q.key for q in questions]
    skipped: set[str] = set()
    for index, q in enumerate(questions):
        value = answers.get(q.key)
        values = value if isinstance(value, list) else [value]
        if q.skip_if and q.skip_if in values:
            end = keys.index(q.skip_to) if q.skip_to in keys else len(keys)
            skipped.update(keys[index + 1 : end])
    return skipped

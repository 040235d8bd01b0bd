"""Reading surveys: every read takes the staff role first and fails closed.

Results here are raw counts; reports.surveys turns them into tables with the service's
small-number threshold (anonymous surveys) and exports them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from passerelle.channels.models import ContactStatus
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.communities.models import IntakeAnswer, Membership
from passerelle.members.models import Identity, Member
from passerelle.surveys.models import (
    TEXT_KINDS,
    Survey,
    SurveyAnswer,
    SurveyRecipient,
    SurveyResponse,
    SurveyWave,
)


def _allowed(role, capability: str = "read_reports") -> bool:
    return role is not None and role.can(capability)


def surveys_for(role):
    """The service's surveys, newest first, with their wave and response counts."""
    if not _allowed(role):
        return Survey.objects.none()
    return Survey.objects.filter(service_id=role.service_id).annotate(
        wave_count=Count("waves", distinct=True),
        response_count=Count("responses", filter=Q(responses__state="completed"), distinct=True),
    )


def survey_get(role, survey_id) -> Survey:
    """One survey of the role's service (404 for any other)."""
    if not _allowed(role):
        raise Http404
    survey = Survey.objects.filter(service_id=role.service_id, pk=survey_id).first()
    if survey is None:
        raise Http404
    return survey


def wave_get(role, survey, wave_id) -> SurveyWave:
    if not _allowed(role):
        raise Http404
    wave = SurveyWave.objects.filter(survey=survey, pk=wave_id).first()
    if wave is None:
        raise Http404
    return wave


def survey_waves_with_results(survey):
    """The survey's waves whose results count, oldest first: every one but those cancelled
    before anyone answered (a wave at intake or at exit ends by being cancelled)."""
    answered = SurveyResponse.objects.filter(wave=OuterRef("pk"))
    return survey.waves.exclude(
        Q(state=SurveyWave.State.CANCELLED) & ~Q(Exists(answered))
    ).order_by("scheduled_at", "pk")


def _day(value: str, end: bool, tz) -> datetime | None:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    return timezone.make_aware(moment, tz)


# Who a service's surveys reach besides its group's members: name -> fn(service) giving
# the member ids (cases.apps registers a one-to-one service's clients, who have a client
# file and no membership of a group). Registered above, called here: surveys import nothing
# of theirs.
_EXTRA_AUDIENCES: dict = {}


def audience_extra_register(name: str, members_of) -> None:
    _EXTRA_AUDIENCES[name] = members_of


def audience_members(service, audience: dict):
    """The members a wave with this audience asks: active members of the service, filtered
    by language, platform, when they joined and their intake answers."""
    memberships = Membership.objects.filter(
        service=service, status=Membership.Status.ACTIVE, member__erased_at__isnull=True
    )
    audience = audience or {}
    if audience.get("languages"):
        memberships = memberships.filter(member__language__in=audience["languages"])
    if audience.get("platforms"):
        memberships = memberships.filter(member__identities__platform__in=audience["platforms"])
    if after := _day(audience.get("joined_after", ""), False, service.tz):
        memberships = memberships.filter(joined_at__gte=after)
    if before := _day(audience.get("joined_before", ""), True, service.tz):
        memberships = memberships.filter(joined_at__lt=before)
    for key, value in (audience.get("intake") or {}).items():
        memberships = memberships.filter(
            pk__in=IntakeAnswer.objects.filter(
                intake__service=service, key=key, value=value, skipped=False
            ).values("intake__membership_id")
        )
    reached = Q(pk__in=memberships.values("member_id"))
    # Joining dates and intake answers are a membership's: an audience with them is members'.
    if not any(audience.get(k) for k in ("joined_after", "joined_before", "intake")):
        for members_of in _EXTRA_AUDIENCES.values():
            others = Member.objects.filter(pk__in=members_of(service), erased_at__isnull=True)
            if audience.get("languages"):
                others = others.filter(language__in=audience["languages"])
            if audience.get("platforms"):
                others = others.filter(identities__platform__in=audience["platforms"])
            reached |= Q(pk__in=others.values("pk"))
    return Member.objects.filter(reached).order_by("pk")


def audience_count(service, audience: dict) -> dict:
    """How many members an audience reaches, and how many of them only on WhatsApp outside
    its 24-hour window (they need an approved template to be asked first)."""
    members = audience_members(service, audience)
    total = members.count()
    since = timezone.now() - timedelta(hours=24)
    whatsapp = Identity.objects.filter(member__in=members, platform="whatsapp")
    other = Identity.objects.filter(member__in=members).exclude(platform="whatsapp")
    recent = ContactStatus.objects.filter(
        channel__service=service, channel__type="whatsapp", last_inbound_at__gte=since
    ).values("address")
    outside = (
        whatsapp.exclude(address__in=recent)
        .exclude(member_id__in=other.values("member_id"))
        .values("member_id")
        .distinct()
        .count()
    )
    return {"total": total, "whatsapp_template": outside}


def opening_templates(service) -> list:
    """The approved WhatsApp templates of the service's active channels a wave can open a
    survey with: those a sweep can fill (one parameter at most, the service's name)."""
    rows = WhatsAppTemplate.objects.filter(
        channel__service=service, channel__type="whatsapp", channel__is_active=True
    ).select_related("channel")
    return [t for t in rows if t.param_count <= 1]


def wave_progress(wave: SurveyWave) -> dict:
    """Recipients by state and responses by state: the response rate of a wave."""
    recipients, reasons, templated = Counter(), Counter(), 0
    rows = (
        SurveyRecipient.objects.filter(wave=wave)
        .values_list("state", "unreachable_reason", "opened_with_template")
        .annotate(n=Count("id"))
        .values_list("state", "unreachable_reason", "opened_with_template", "n")
    )
    for state, reason, opened, n in rows:
        recipients[state] += n
        if state == SurveyRecipient.State.UNREACHABLE:
            reasons[reason] += n
        templated += n if opened else 0
    responses = Counter(
        dict(
            SurveyResponse.objects.filter(wave=wave)
            .values_list("state")
            .annotate(n=Count("id"))
            .values_list("state", "n")
        )
    )
    asked = recipients.get("asked", 0) + recipients.get("queued", 0)
    completed = responses.get("completed", 0)
    return {
        "recipients": wave.recipient_count or sum(recipients.values()),
        "asked": asked,
        "pending": recipients.get("pending", 0),
        "unreachable": recipients.get("unreachable", 0),
        # Why, in the recipients' words: [(label, n)], the largest first.
        "unreachable_reasons": [
            (SurveyRecipient.Unreachable(reason).label if reason else "", n)
            for reason, n in reasons.most_common()
        ],
        "opened_with_template": templated,
        "started": responses.get("started", 0) + responses.get("stopped", 0),
        "completed": completed,
        "rate": round(100 * completed / asked, 1) if asked else None,
    }


def question_counts(survey, waves=None) -> dict:
    """{question id: {wave id: Counter(value → n)}} over completed and partial answers;
    a skipped answer counts under "" ."""
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    if waves is not None:
        answers = answers.filter(response__wave__in=waves)
    out: dict = {}
    rows = answers.exclude(question__kind__in=TEXT_KINDS).values_list(
        "question_id", "response__wave_id", "value", "skipped"
    )
    for question_id, wave_id, value, skipped in rows:
        counter = out.setdefault(question_id, {}).setdefault(wave_id, Counter())
        if skipped or value in (None, ""):
            counter[""] += 1
        elif isinstance(value, list):
            for item in value:
                counter[str(item)] += 1
            counter["__respondents__"] += 1
        else:
            counter[str(value)] += 1
    return out


def text_answers(survey, waves=None) -> dict:
    """{question id: [text, …]} of the free and short text answers (never who wrote them)."""
    answers = SurveyAnswer.objects.filter(
        response__survey=survey, question__kind__in=TEXT_KINDS, skipped=False
    )
    if waves is not None:
        answers = answers.filter(response__wave__in=waves)
    out: dict = {}
    for question_id, value in answers.order_by("question_id", "pk").values_list(
        "question_id", "value"
    ):
        if value not in (None, ""):
            out.setdefault(question_id, []).append(str(value))
    return out


def satisfaction_scores(service, start, end) -> tuple[int, int, int]:
    """(responses, useful — usefulness 4 or 5 —, daily users) among completed responses of
    satisfaction-template surveys that ended in [start, end)."""
    answers = SurveyAnswer.objects.filter(
        response__service=service,
        response__survey__template="satisfaction",
        response__state="completed",
        response__ended_at__gte=start,
        response__ended_at__lt=end,
    )
    usefulness = answers.filter(question__key="usefulness", skipped=False)
    frequency = answers.filter(question__key="frequency", skipped=False)
    responses = SurveyResponse.objects.filter(
        service=service,
        survey__template="satisfaction",
        state="completed",
        ended_at__gte=start,
        ended_at__lt=end,
    ).count()
    useful = usefulness.filter(value__in=["4", "5"]).count()
    daily = frequency.filter(value="daily").count()
    return responses, useful, daily

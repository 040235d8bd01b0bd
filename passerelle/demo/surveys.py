"""The demo's survey: the satisfaction template in the service's languages, one wave sent
six weeks ago, and the responses of most of the members who were asked (web form answers,
so nothing is sent) — through the surveys' own services, idempotent."""

import random
from datetime import timedelta

from passerelle.surveys.models import Survey, SurveyRecipient
from passerelle.surveys.responses import response_submit_web
from passerelle.surveys.sending import wave_send
from passerelle.surveys.services import survey_create_from_template, wave_create

# Close to the DMSI evaluation (Annex 5): most use the group daily, for government services
# and immigration status.
USEFULNESS = ["5", "5", "4", "4", "5", "3", "4", "5", "2", "4"]
FREQUENCY = ["daily"] * 8 + ["weekly", "monthly"]
USES = [
    ["government", "immigration"],
    ["government"],
    ["immigration", "housing"],
    ["jobs", "government"],
    ["health"],
    ["government", "immigration", "jobs"],
]
SUGGESTIONS = [
    "More information sessions in Arabic, please.",
    "Plus d'offres d'emploi.",
    "شكرا على المساعدة",
    "",
]


def seed_surveys(service, admin, now) -> dict:
    """One satisfaction survey with a sent wave and its responses (once)."""
    if Survey.objects.filter(service=service, template="satisfaction").exists():
        return {"survey_responses": 0}
    rng = random.Random(85)
    role = admin.staff_roles.get(service=service)
    sent_at = now - timedelta(days=45)
    survey = survey_create_from_template(
        role=role, template="satisfaction", languages=list(service.languages), at=sent_at
    )
    wave = wave_create(role=role, survey=survey, scheduled_at=sent_at, at=sent_at)
    while wave_send(wave=wave, now=sent_at, send=False):
        wave.refresh_from_db()
    answered = 0
    recipients = SurveyRecipient.objects.filter(wave=wave, state="asked").select_related(
        "member", "wave__survey__service"
    )
    for index, recipient in enumerate(recipients.order_by("pk")):
        if index % 5 == 4:
            continue  # about one in five did not answer
        problem = rng.random() < 0.2
        answers = {
            "usefulness": rng.choice(USEFULNESS),
            "frequency": rng.choice(FREQUENCY),
            "uses": rng.choice(USES),
            "problems": "yes" if problem else "no",
            "suggestions": rng.choice(SUGGESTIONS) or None,
        }
        if problem:
            answers["problems_detail"] = "Replies came late in the evening."
        at = sent_at + timedelta(hours=rng.randrange(1, 24 * 5))
        if response_submit_web(recipient=recipient, answers=answers, at=at) is not None:
            answered += 1
    return {"survey_responses": answered}

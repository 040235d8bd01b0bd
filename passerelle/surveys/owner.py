"""The survey response as an owner of prompts: the engine hands each answer back here."""

from __future__ import annotations

from passerelle.prompts import owners
from passerelle.surveys.models import SurveyResponse
from passerelle.surveys.responses import OWNER, response_answer, response_expire


class SurveyResponseOwner:
    """Answers go to the response the prompt was asked for (prompt.owner_id)."""

    def answered(self, *, prompt, answer, at) -> None:
        response = SurveyResponse.objects.filter(pk=prompt.owner_id).first()
        if response is None:
            return
        response_answer(
            response=response,
            key=prompt.key,
            value=answer.value,
            skipped=answer.skipped,
            wording=answer.wording,
            language=answer.language,
            at=at,
        )

    def expired(self, *, prompt, at) -> None:
        response = SurveyResponse.objects.filter(pk=prompt.owner_id).first()
        if response is not None:
            response_expire(response=response, at=at)


def register_owner() -> None:
    owners.register(OWNER, SurveyResponseOwner())

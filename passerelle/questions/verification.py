"""Verifying member-posted answers: confirmed, confirmed with additions, or corrected.

The toolkit's rule (Annex 3, "Rétroaction"): when members answer each other, the moderator
checks the answer, thanks the member, and either confirms it (adding what is missing) or
posts a correction explaining what was wrong.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.conversations.models import Message
from passerelle.conversations.services import message_reply
from passerelle.faq import texts
from passerelle.faq.canned import canned_text
from passerelle.orgs.permissions import require
from passerelle.questions.models import Answer, Question, QuestionEvent
from passerelle.questions.services import (
    answer_record,
    check_open_for_answers,
    member_language,
)

VERIFICATIONS = {
    Answer.Verification.VERIFIED: (texts.VERIFIED, QuestionEvent.Kind.VERIFIED),
    Answer.Verification.VERIFIED_ADDITIONS: (
        texts.VERIFIED_ADDITIONS,
        QuestionEvent.Kind.VERIFIED_ADDITIONS,
    ),
    Answer.Verification.CORRECTED: (texts.CORRECTION, QuestionEvent.Kind.CORRECTED),
}


def member_answer_verify(
    *, role, question: Question, message: Message, outcome: str, text: str = ""
) -> Answer:
    """Verify another member's answer: confirm it, confirm with additions, or correct it."""
    require(role, "reply", question.service_id)
    check_open_for_answers(question)
    if outcome not in VERIFICATIONS:
        raise ValidationError(_("Choose verified, verified with additions or corrected."))
    if (
        message.thread_id != question.thread_id
        or message.direction != Message.Direction.IN
        or message.pk == question.message_id
        or message.created_at < question.received_at
    ):
        raise ValidationError(_("Choose a member's message posted after the question."))
    text = (text or "").strip()
    if outcome != Answer.Verification.VERIFIED and not text:
        raise ValidationError(
            _("Write the additions.")
            if outcome == Answer.Verification.VERIFIED_ADDITIONS
            else _("Write the correction and explain what was wrong.")
        )
    kind, event_kind = VERIFICATIONS[outcome]
    author = message.member.display_name if message.member else ""
    intro, language = canned_text(question.service, kind, member_language(question), member=author)
    reply = intro if not text else f"{intro}\n\n{text}"
    now = timezone.now()
    with transaction.atomic():
        if Answer.objects.filter(question=question, message=message).exists():
            raise ValidationError(_("This message is already recorded as an answer."))
        posted = message_reply(
            role=role, thread=question.thread, text=reply, reply_to=message, language=language
        )
        return answer_record(
            question,
            message=message,
            kind=Answer.Kind.MEMBER,
            actor=role.user,
            now=now,
            event_kind=event_kind,
            verification=outcome,
            verification_message=posted,
        )

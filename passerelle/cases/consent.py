"""The client's consent on their file (§2): to receive the service, to the confidentiality
terms, and to each optional use (surveys, follow-ups, sharing with one named partner).

Kept in members.ConsentEvent — the one record of what a person agreed to — with the
service's consent text version, how it was given (`staff:paper` with the scanned form,
`staff:verbal`, or `prompt`: an answer in the conversation) and, for sharing, the partner
(`scope`). A caseworker records it (consent_record_on_file) or sends the question to the
client (consent_request_send); the answer reaches ConsentOwner through the prompt engine.
Each is also an event on the file. The referral flow reads it (referrals.services).
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.selectors import case_settings_for
from passerelle.cases.services import case_event, file_role_check
from passerelle.channels.native_files import FileRejected
from passerelle.channels.outgoing_files import outgoing_file_store
from passerelle.common.text import pick_text
from passerelle.members.models import ConsentEvent, partner_scope
from passerelle.members.services import consent_record
from passerelle.prompts.models import Prompt
from passerelle.prompts.services import prompt_ask

OWNER = "case_consent"
# How a caseworker heard it (the `via` of the row).
STAFF_VIA = {"paper": "staff:paper", "verbal": "staff:verbal"}
PROMPT_VIA = "prompt"
# How long the client's "1" or "2" still answers the request.
ANSWER_WINDOW = timedelta(days=14)
ACTIONS = (ConsentEvent.Action.GIVEN, ConsentEvent.Action.DECLINED, ConsentEvent.Action.WITHDRAWN)


def _scope(purpose: str, partner) -> str:
    if purpose == ConsentEvent.Purpose.DATA_SHARING:
        if partner is None:
            raise ValidationError(_("Sharing is agreed partner by partner: choose the partner."))
        return partner_scope(partner.pk)
    return ""


def _partner_check(role, partner) -> None:
    if partner is not None and partner.org_id != role.org_id:
        raise PermissionDenied(_("This partner belongs to another organization."))


def _version(service) -> str:
    settings = case_settings_for(service)
    return settings.consent_version if settings else ""


def consent_record_on_file(
    *,
    role,
    file: ClientFile,
    purpose: str,
    action: str,
    how: str,
    partner=None,
    note: str = "",
    document: dict | None = None,
) -> ConsentEvent:
    """A caseworker records what the client agreed to, declined or withdrew, on paper
    (`document`: {"data", "content_type", "name"} of the signed form, required when they
    agreed on paper) or by voice."""
    file_role_check(role, file)
    _partner_check(role, partner)
    if purpose not in ConsentEvent.CASE:
        raise ValidationError(_("Unknown consent purpose."))
    if action not in ACTIONS:
        raise ValidationError(_("Unknown consent action."))
    if how not in STAFF_VIA:
        raise ValidationError(_("Say how the client told you."))
    if file.member.is_erased:
        raise ValidationError(_("This person's data was erased."))
    scope = _scope(purpose, partner)
    if how == "paper" and action == ConsentEvent.Action.GIVEN and not document:
        raise ValidationError(_("Attach the signed form (a scan or a photo, PDF or image)."))
    with transaction.atomic():
        stored = None
        if document:
            try:
                # Kept without a service: the media retention never deletes a signed form;
                # erasing the person does (members.services.member_personal_erase).
                stored = outgoing_file_store(
                    org_id=file.org_id,
                    uploader=str(role.user_id),
                    data=document["data"],
                    content_type=document.get("content_type", ""),
                    file_name=document.get("name", ""),
                    kind="document",
                )
            except FileRejected as exc:
                raise ValidationError(str(exc)) from exc
        event = consent_record(
            service=role.service,
            member=file.member,
            purpose=purpose,
            action=action,
            version=_version(role.service),
            via=STAFF_VIA[how],
            recorded_by=role.user,
            note=note,
            scope=scope,
            document=stored,
        )
        _on_file(file, event, actor=role.user)
    return event


def _on_file(file, event, *, actor, message=None) -> CaseEvent:
    return case_event(
        file,
        CaseEvent.Kind.CONSENT,
        actor=actor,
        message=message,
        data={
            "consent": event.pk,
            "purpose": event.purpose,
            "action": event.action,
            "via": event.via,
            "scope": event.scope,
            "version": event.version,
        },
        at=event.created_at,
    )


def _question(purpose: str, partner, language: str) -> str:
    with translation.override(language):
        if purpose == ConsentEvent.Purpose.SERVICE:
            return _("Do you agree to receive this service by message, as explained above?")
        if purpose == ConsentEvent.Purpose.CONFIDENTIALITY:
            return _("Do you agree to the confidentiality terms explained above?")
        if purpose == ConsentEvent.Purpose.SURVEYS:
            return _("May we contact you for short surveys about the service?")
        if purpose == ConsentEvent.Purpose.FOLLOWUP:
            return _("May we follow up with you after we refer you to another agency?")
        return _("May we share your information with %(partner)s, to help them help you?") % {
            "partner": partner.name
        }


def consent_wording(service, purpose: str, partner=None) -> dict[str, str]:
    """The request in each of the service's languages: the service's consent text (for the
    service and the confidentiality terms) and the question, answered 1 yes / 2 no."""
    settings = case_settings_for(service)
    texts = settings.consent_text if settings else {}
    wording = {}
    for language in dict.fromkeys(service.languages or ["en"]):
        question = _question(purpose, partner, language)
        intro = ""
        if purpose in (ConsentEvent.Purpose.SERVICE, ConsentEvent.Purpose.CONFIDENTIALITY):
            picked = pick_text(texts, language)
            intro = str(picked) if picked.language == language else ""
        wording[language] = f"{intro}\n\n{question}".strip()
    return wording


def consent_request_send(*, role, file: ClientFile, purpose: str, partner=None) -> Prompt:
    """Ask the client in their conversation (a prompt with numbered answers, 1 yes / 2 no,
    in their language); their answer is recorded with via="prompt"."""
    file_role_check(role, file)
    _partner_check(role, partner)
    if purpose not in ConsentEvent.CASE:
        raise ValidationError(_("Unknown consent purpose."))
    if file.member.is_erased:
        raise ValidationError(_("This person's data was erased."))
    scope = _scope(purpose, partner)
    now = timezone.now()
    with transaction.atomic():
        prompt = prompt_ask(
            service=role.service,
            member=file.member,
            channel=None,
            owner=OWNER,
            owner_id=file.pk,
            key=f"{purpose}|{scope}",
            kind=Prompt.Kind.YES_NO,
            wording=consent_wording(role.service, purpose, partner),
            language=(file.languages or [file.member.language or ""])[0],
            expires_at=now + ANSWER_WINDOW,
            at=now,
        )
        case_event(
            file,
            CaseEvent.Kind.CONSENT_REQUESTED,
            actor=role.user,
            message=prompt.message,
            data={"purpose": purpose, "scope": scope, "prompt": prompt.pk},
            at=now,
        )
    return prompt


class ConsentOwner:
    """The client's answer to a consent request (prompts.owners, registered as OWNER)."""

    def answered(self, *, prompt, answer, at) -> None:
        file = ClientFile.objects.select_related("service", "member").filter(pk=prompt.owner_id)
        file = file.first()
        if file is None or answer.skipped:
            return
        purpose, _sep, scope = prompt.key.partition("|")
        action = (
            ConsentEvent.Action.GIVEN if answer.value == "yes" else ConsentEvent.Action.DECLINED
        )
        event = consent_record(
            service=file.service,
            member=file.member,
            purpose=purpose,
            action=action,
            version=_version(file.service),
            via=PROMPT_VIA,
            scope=scope,
            at=at,
        )
        _on_file(file, event, actor=None, message=getattr(answer, "message", None))

    def expired(self, *, prompt, at) -> None:
        # Unanswered: nothing is agreed; the file shows the request, the caseworker asks again.
        return None

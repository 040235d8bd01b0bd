"""Opening a client file (the Calgary policy §1–2, docs/cases.md): each client is welcomed
individually before the messaging starts.

Three ways in, one writer: a caseworker enrols an existing member of the one-to-one
service (client_enrol), or a person known only by a phone number, who then gets the first
message through an approved WhatsApp template or an SMS (client_enrol_by_phone); and a
person who asked to join and whom a caseworker accepted gets their file from the
communities' `intake_accepted` signal (enrol_on_accept, connected in cases.apps).
"""

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.selectors import caseworker_ids
from passerelle.cases.services import case_event, file_fields_clean
from passerelle.channels.models import Channel
from passerelle.communities.models import Membership
from passerelle.communities.services import membership_ensure
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_reply, private_thread_for, template_send
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Service, StaffRole
from passerelle.orgs.permissions import require

# The platforms a phone number reaches, and how each writes the number: WhatsApp's wa_id
# is the E.164 number without its "+", Twilio's SMS address keeps it.
PHONE_PLATFORMS = {"whatsapp": lambda e164: e164.lstrip("+"), "tel": lambda e164: e164}
# The region a number written without its country code is read in (the toolkit's agencies
# are Canadian; "+33…" or "+961…" is read as written).
DEFAULT_REGION = "CA"


def _one_to_one(service) -> None:
    if service.mode != Service.Mode.ONE_TO_ONE:
        raise ValidationError(_("Only a one-to-one service keeps client files."))


def _caseworker_check(service, caseworker) -> None:
    if caseworker is not None and caseworker.pk not in caseworker_ids(service):
        raise ValidationError(_("The caseworker must be a staff member of this service."))


def _in_service(service, member) -> bool:
    return (
        Membership.objects.filter(service=service, member=member).exists()
        or Thread.objects.filter(service=service, member=member).exists()
    )


def _file_open(*, role, member, caseworker, at, **fields) -> ClientFile:
    service = role.service
    _one_to_one(service)
    if member.org_id != service.org_id or not _in_service(service, member):
        raise PermissionDenied(_("This person is not a member of this service."))
    if member.is_erased:
        raise ValidationError(_("This person's data was erased."))
    if ClientFile.objects.filter(service=service, member=member).exists():
        raise ValidationError(_("%(name)s already has a client file.") % {"name": member})
    caseworker = role.user if caseworker is None else caseworker
    _caseworker_check(service, caseworker)
    fields.setdefault("languages", [member.language] if member.language else [])
    file = ClientFile(
        org_id=service.org_id,
        service=service,
        member=member,
        caseworker=caseworker,
        enrolled_at=at,
        enrolled_by=role.user,
        **file_fields_clean(fields),
    )
    try:
        with transaction.atomic():
            file.save(force_insert=True)
    except IntegrityError:
        # Two caseworkers enrolled the same person at the same moment: one file.
        raise ValidationError(_("%(name)s already has a client file.") % {"name": member}) from None
    return file


def client_enrol(*, role, member, caseworker=None, via="member", **fields) -> ClientFile:
    """Open the file of a member of the role's one-to-one service (refused for a second
    file, a group service, or a person who is not a member there). The caseworker is the
    one enrolling unless another staff member of the service is named."""
    require(role, "cases")
    at = timezone.now()
    with transaction.atomic():
        file = _file_open(role=role, member=member, caseworker=caseworker, at=at, **fields)
        case_event(file, CaseEvent.Kind.ENROLLED, actor=role.user, data={"via": via}, at=at)
    return file


def phone_normalise(phone: str) -> str:
    """The number in E.164 form (+15875550123), or ValidationError saying what is wrong."""
    try:
        number = phonenumbers.parse((phone or "").strip(), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(phone)s” is not a phone number we can reach, e.g. +1 587 555 0123.")
            % {"phone": phone}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def template_params(template, *, name: str, service) -> list[str]:
    """What fills an approved template's parameters: {{1}} the client's name, {{2}} the
    service's name (the welcome templates agencies write take these two)."""
    values = [name, service.name]
    if template.param_count > len(values):
        raise ValidationError(
            _("This template has more than two parameters: choose a welcome template.")
        )
    return values[: template.param_count]


def client_enrol_by_phone(
    *, role, phone, language, name, channel, template=None, text="", **fields
) -> ClientFile:
    """Enrol a person by phone number: the member, their identity, membership and private
    thread are made as a first message would make them, the file is opened, and the first
    message goes out through the pipeline — an approved WhatsApp template (the only thing
    WhatsApp carries to someone who has not written) or an SMS. All of it, or nothing."""
    require(role, "cases")
    service = role.service
    _one_to_one(service)
    if channel.service_id != service.pk or not channel.is_active:
        raise PermissionDenied(_("This channel belongs to another service."))
    platform = channel.channel_type.platform
    if platform not in PHONE_PLATFORMS:
        raise ValidationError(_("Enrolling by phone goes through WhatsApp or SMS."))
    if platform == "whatsapp" and template is None:
        raise ValidationError(
            _("WhatsApp carries only an approved template to someone who has not written yet.")
        )
    if template is not None and template.channel_id != channel.pk:
        raise ValidationError(_("This template belongs to another channel."))
    if template is None and not (text or "").strip():
        raise ValidationError(_("Write the first message."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the person's name."))
    if language not in (service.languages or ["en"]):
        raise ValidationError(_("Choose one of the service's languages."))
    address = PHONE_PLATFORMS[platform](phone_normalise(phone))
    at = timezone.now()
    with transaction.atomic():
        member, _created = member_for_identity(
            org=service.org, platform=platform, address=address, name=name, language=language
        )
        membership_ensure(service=service, member=member, via=f"{channel.type}:enrolled", at=at)
        fields.setdefault("languages", [language])
        file = _file_open(role=role, member=member, caseworker=None, at=at, **fields)
        thread = private_thread_for(service, member)
        if template is not None:
            params = template_params(template, name=member.display_name, service=service)
            message = template_send(role=role, thread=thread, template=template, params=params)
        else:
            message = message_reply(role=role, thread=thread, text=text, language=language)
        case_event(
            file,
            CaseEvent.Kind.ENROLLED,
            actor=role.user,
            message=message,
            data={"via": "phone", "channel": channel.type, "template": bool(template)},
            at=at,
        )
    return file


def phone_channels(service) -> list[Channel]:
    """The service's active channels a phone number reaches (WhatsApp, SMS)."""
    return [
        channel
        for channel in Channel.objects.filter(service=service, is_active=True).order_by("pk")
        if channel.channel_type.platform in PHONE_PLATFORMS
    ]


def enrol_on_accept(sender, *, intake, actor, at, **kwargs) -> ClientFile | None:
    """The `intake_accepted` receiver: a caseworker accepted a person into a one-to-one
    service, so their file opens, in their charge. An automatic acceptance opens none —
    §1 has each client welcomed by a person, who enrols them from the member's page."""
    service = intake.service
    if actor is None or service.mode != Service.Mode.ONE_TO_ONE:
        return None
    role = StaffRole.objects.filter(service=service, user=actor).select_related("service").first()
    member = intake.membership.member
    if role is None or not role.can("cases") or member.is_erased:
        return None
    if ClientFile.objects.filter(service=service, member=member).exists():
        return None
    languages = [intake.language] if intake.language else []
    file = _file_open(role=role, member=member, caseworker=None, at=at, languages=languages)
    case_event(
        file,
        CaseEvent.Kind.ENROLLED,
        actor=actor,
        data={"via": "join_request", "intake": intake.pk},
        at=at,
    )
    return file

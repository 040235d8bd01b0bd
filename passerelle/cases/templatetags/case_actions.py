"""{% case_file_actions %}: the protocol's actions on the file in the page's context
(`file` or `client_file`, and `role`), with what they need read here once."""

from django import template
from django.utils import translation
from django.utils.dates import WEEKDAYS

from passerelle.cases import protocol
from passerelle.cases.clients import case_settings_for, client_language
from passerelle.cases.models import ClientFile
from passerelle.common.text import pick_text
from passerelle.questions.models import Question

register = template.Library()


@register.inclusion_tag("cases/_file_actions_body.html", takes_context=True)
def case_file_actions(context):
    file = context.get("file") or context.get("client_file")
    role = context.get("role")
    if not isinstance(file, ClientFile) or role is None or not role.can("cases"):
        return {"show": False}
    settings = case_settings_for(file.service)
    staff_language = translation.get_language() or "en"
    request = context.get("request")
    latest = (
        Question.objects.filter(service_id=file.service_id, member_id=file.member_id)
        .exclude(status=Question.Status.CANCELLED)
        .order_by("-received_at", "-pk")
        .first()
    )
    return {
        "show": True,
        "role": role,
        "file": file,
        "slug": role.service.slug,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "",
        "client_language": client_language(file),
        # For the staff: in their language if written in it, else in the client's.
        "resources": pick_text(settings.emergency_resources, staff_language, client_language(file)),
        "has_invitation": bool(pick_text(settings.in_person_invitation, client_language(file))),
        "waiting": list(protocol.client_questions_waiting(file)[:5]),
        "refer_question": latest,
        "next_step": protocol.offtopic_next_step(file),
        "cadences": ClientFile.Cadence.choices,
        "weekdays": [(d, WEEKDAYS[d]) for d in range(7)],
        "limited_days": protocol.limited_days_label(file),
        "followed": file.status in (ClientFile.Status.ENROLLED, ClientFile.Status.LIMITED),
        "closed": file.status == ClientFile.Status.CLOSED,
        "can_refer": role.can("reply"),
    }

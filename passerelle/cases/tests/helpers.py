"""Builders for the protocol's tests: a one-to-one service with its case settings, a
client file (part A's enrolment is not needed to test what happens on a file)."""

from django.utils import timezone

from passerelle.cases.models import CaseSettings, ClientFile
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import inbound, make_member
from passerelle.testing.factories import make_staff

SETTINGS = {
    "in_person_invitation": {
        "en": "Come and see us: 123 Centre St, Mon–Fri 9–17. Book at 403-555-0100.",
        "ar": "تعال لزيارتنا: 123 شارع سنتر، من الاثنين إلى الجمعة 9–17. احجز على 403-555-0100.",
    },
    "acceptable_topics": {
        "en": "We answer questions on housing, school, work and health services.",
        "ar": "نجيب عن الأسئلة حول السكن والمدرسة والعمل والخدمات الصحية.",
    },
    "emergency_resources": {"en": "In danger: call 911. Distress line: 403-266-4357."},
    "urgent_keywords": {"en": ["suicide", "hurt me"], "ar": ["انتحار", "يضربني"]},
}


def case_settings(service, **fields) -> CaseSettings:
    return CaseSettings.objects.update_or_create(
        service=service, defaults={"org": service.org, **SETTINGS, **fields}
    )[0]


def make_file(service, *, member=None, language="ar", caseworker=None, **fields) -> ClientFile:
    member = member or make_member(service, language=language)
    return ClientFile.objects.create(
        org=service.org,
        service=service,
        member=member,
        caseworker=caseworker,
        languages=[language],
        enrolled_at=timezone.now(),
        **fields,
    )


def caseworker(service, role=Role.MODERATOR):
    return make_staff(service, role)


def client_says(file, text="مرحبا", **kw):
    """A message the client sent privately (the dispatcher's way of storing it)."""
    return inbound(file.service, member=file.member, private=True, text=text, **kw)


def client_asks(role, file, text="أين أجد طبيبا؟", **kw):
    """The client's message labelled a request for information: its timed question."""
    from passerelle.questions.services import message_label_set

    message = client_says(file, text, **kw)
    message_label_set(role=role, message=message, label="request")
    return message.question

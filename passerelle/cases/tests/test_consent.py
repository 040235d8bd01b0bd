"""Consent on the client file: recorded by the caseworker (on paper, aloud), asked in the
conversation as a prompt and answered "1" / "2", withdrawn; kept in members.ConsentEvent."""

import pytest
from django.core.exceptions import ValidationError

from passerelle.cases.consent import consent_record_on_file, consent_request_send
from passerelle.cases.models import CaseEvent, CaseSettings
from passerelle.members.models import ConsentEvent, partner_scope
from passerelle.members.selectors import consent_is_given
from passerelle.prompts.models import Prompt
from passerelle.referrals.models import Partner

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def settings_v3(calgary):
    return CaseSettings.objects.create(
        org=calgary.org,
        service=calgary,
        consent_version="2026-03",
        consent_text={
            "ar": "نحفظ ملفك سرّيًا ولا نشاركه إلا بموافقتك.",
            "en": "We keep your file confidential and share it only with your consent.",
        },
    )


@pytest.fixture
def partner(calgary):
    return Partner.objects.create(org=calgary.org, name="Calgary Housing Help")


def test_verbal_consent_is_recorded_with_the_text_version(worker, amira_file, settings_v3):
    event = consent_record_on_file(
        role=worker, file=amira_file, purpose="service", action="given", how="verbal"
    )
    assert (event.via, event.version, event.recorded_by) == (
        "staff:verbal",
        "2026-03",
        worker.user,
    )
    assert consent_is_given(amira_file.member, amira_file.service_id, "service")
    case = amira_file.events.get(kind=CaseEvent.Kind.CONSENT)
    assert case.data["consent"] == event.pk and case.data["action"] == "given"


def test_paper_consent_needs_the_signed_form(worker, amira_file):
    with pytest.raises(ValidationError, match="signed form"):
        consent_record_on_file(
            role=worker, file=amira_file, purpose="confidentiality", action="given", how="paper"
        )
    with pytest.raises(ValidationError):
        consent_record_on_file(
            role=worker,
            file=amira_file,
            purpose="confidentiality",
            action="given",
            how="paper",
            document={"data": b"<html>", "content_type": "application/pdf", "name": "x.pdf"},
        )
    event = consent_record_on_file(
        role=worker,
        file=amira_file,
        purpose="confidentiality",
        action="given",
        how="paper",
        document={"data": PDF, "content_type": "application/pdf", "name": "signed.pdf"},
    )
    assert event.via == "staff:paper" and bytes(event.document.data) == PDF
    # Kept outside the media retention (which deletes a service's files).
    assert event.document.service_id is None


def test_sharing_is_per_partner_and_can_be_withdrawn(worker, amira_file, partner, calgary):
    other = Partner.objects.create(org=calgary.org, name="Other agency")
    with pytest.raises(ValidationError, match="partner"):
        consent_record_on_file(
            role=worker, file=amira_file, purpose="data_sharing", action="given", how="verbal"
        )
    consent_record_on_file(
        role=worker,
        file=amira_file,
        purpose="data_sharing",
        action="given",
        how="verbal",
        partner=partner,
    )
    member, service_id = amira_file.member, amira_file.service_id
    assert consent_is_given(member, service_id, "data_sharing", partner_scope(partner.pk))
    assert not consent_is_given(member, service_id, "data_sharing", partner_scope(other.pk))
    # Not the purpose as a whole either.
    assert not consent_is_given(member, service_id, "data_sharing")
    consent_record_on_file(
        role=worker,
        file=amira_file,
        purpose="data_sharing",
        action="withdrawn",
        how="verbal",
        partner=partner,
    )
    assert not consent_is_given(member, service_id, "data_sharing", partner_scope(partner.pk))


def test_a_consent_request_is_a_prompt_answered_in_the_conversation(
    worker, amira_file, settings_v3, says
):
    prompt = consent_request_send(role=worker, file=amira_file, purpose="confidentiality")
    assert prompt.state == Prompt.State.OPEN and prompt.language == "ar"
    assert "نحفظ ملفك سرّيًا" in prompt.message.text
    assert "1" in prompt.message.text and "2" in prompt.message.text
    assert amira_file.events.filter(kind=CaseEvent.Kind.CONSENT_REQUESTED).count() == 1
    says("1")
    event = ConsentEvent.objects.get(purpose="confidentiality")
    assert (event.action, event.via, event.version) == ("given", "prompt", "2026-03")
    case = amira_file.events.get(kind=CaseEvent.Kind.CONSENT)
    assert case.actor is None and case.message.text == "1"


def test_a_no_to_sharing_in_the_conversation_is_a_decline(worker, amira_file, partner, says):
    consent_request_send(role=worker, file=amira_file, purpose="data_sharing", partner=partner)
    says("2")
    event = ConsentEvent.objects.get(purpose="data_sharing")
    assert (event.action, event.scope) == ("declined", partner_scope(partner.pk))

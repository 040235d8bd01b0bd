"""Guidelines: versioned, multilingual, numbered clauses; /rules and the public page."""

import pytest
from django.core.exceptions import ValidationError

from passerelle.communities.models import ServiceText
from passerelle.communities.services import (
    guidelines_from_template,
    guidelines_publish,
    policy_for,
)
from passerelle.communities.tests.conftest import sent_to
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_staff


def test_clauses_are_numbered_and_rendered_per_language(service):
    g = guidelines_from_template(service=service, template="interactive")
    assert g.version == 1
    number, clause = g.clause("off_topic")
    assert number == 3 and clause["title"]["fr"] == "Sujets acceptés et hors sujet"
    assert g.clause_line("off_topic", "ar").startswith("3. المواضيع المقبولة")
    assert g.clause("nope") is None
    text = g.render("fr")
    assert text.startswith(f"{service.name} est un groupe modéré")
    assert "\n\n9. Quitter le groupe : Envoyez /leave" in text


def test_versions_increase_and_old_ones_stay(service):
    first = guidelines_from_template(service=service, template="interactive")
    second = guidelines_from_template(service=service, template="case_management")
    assert (first.version, second.version) == (1, 2)
    assert second.clause("complex_needs")[0] == 3
    assert service.guidelines.count() == 2


@pytest.mark.parametrize(
    "clauses",
    [
        [{"key": "Bad Key", "title": {"en": "T"}, "text": {"en": "x"}}],
        [
            {"key": "a", "title": {"en": "T"}, "text": {"en": "x"}},
            {"key": "a", "title": {"en": "T"}, "text": {"en": "y"}},
        ],
        [{"key": "a", "title": {"en": ""}, "text": {"en": "x"}}],
    ],
)
def test_bad_clauses_are_refused(service, clauses):
    with pytest.raises(ValidationError):
        guidelines_publish(service=service, texts={"en": "intro"}, clauses=clauses)


def test_rules_command_sends_current_version_in_member_language(community, newcomer):
    member = newcomer("hello", chat="group", language="fr", sender="sim-luc", name="Luc")
    newcomer("/rules", sender="sim-luc", name="Luc", language="fr")
    text = sent_to(member, 1)[0]
    assert text.startswith(f"Lignes directrices de {community.name} (version 1)")
    assert "3. Sujets acceptés et hors sujet" in text and "?lang=fr" in text


def test_rules_without_guidelines(service, newcomer):
    member = newcomer("/rules")
    assert "لم تنشر" in sent_to(member, 1)[0]


def test_public_guidelines_page_shows_a_version_in_a_language(client, community):
    response = client.get(f"/g/{community.slug}/v1/?lang=ar")
    page = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in page and "المواضيع المقبولة" in page
    page = client.get(f"/g/{community.slug}/?lang=fr").content.decode()
    assert "Sujets acceptés" in page
    assert client.get(f"/g/{community.slug}/v9/").status_code == 404
    assert client.get("/g/no-such-service/").status_code == 404


def test_admin_publishes_a_version_from_the_form(client, community):
    admin, _role = make_staff(community, Role.ADMIN)
    login_verified(client, admin)
    url = f"/s/{community.slug}/guidelines/"
    page = client.get(url)
    assert page.status_code == 200 and "off_topic" in page.content.decode()
    data = {
        "action": "publish",
        "intro_en": "Be kind.",
        "intro_fr": "Soyez gentils.",
        "intro_ar": "كونوا لطفاء.",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-key": "respect",
        "form-0-title_en": "Respect",
        "form-0-title_fr": "Respect",
        "form-0-title_ar": "الاحترام",
        "form-0-text_en": "No insults.",
        "form-0-text_fr": "Pas d'insultes.",
        "form-0-text_ar": "لا إهانات.",
        "form-1-key": "",
        "form-1-DELETE": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    latest = community.guidelines.order_by("-version").first()
    assert latest.version == 2 and latest.created_by == admin
    assert latest.clauses == [
        {
            "key": "respect",
            "title": {"en": "Respect", "fr": "Respect", "ar": "الاحترام"},
            "text": {"en": "No insults.", "fr": "Pas d'insultes.", "ar": "لا إهانات."},
        }
    ]
    client.post(url, {"action": "template", "template": "case_management"})
    assert community.guidelines.count() == 3


def test_moderator_cannot_edit_guidelines_or_join_settings(client, community):
    moderator, _role = make_staff(community, Role.MODERATOR)
    client.force_login(moderator)
    assert client.get(f"/s/{community.slug}/guidelines/").status_code == 404
    assert (
        client.post(f"/s/{community.slug}/join-settings/", {"action": "defaults"}).status_code
        == 404
    )


def test_admin_join_settings_policy_question_and_welcome_text(client, community, newcomer):
    admin, _role = make_staff(community, Role.ADMIN)
    login_verified(client, admin)
    url = f"/s/{community.slug}/join-settings/"
    assert client.get(url).status_code == 200
    policy = {
        "action": "policy",
        "auto_accept": "on",
        "intake_reminder_hours": "12",
        "intake_timeout_hours": "48",
        "warnings_before_removal": "3",
        "warning_expiry_days": "90",
        "announce_removals": "on",
        "exit_feedback": "on",
    }
    assert client.post(url, policy).status_code == 302
    saved = policy_for(community)
    assert saved.auto_accept and saved.warnings_before_removal == 3
    assert saved.warning_expiry_days == 90
    bad = {**policy, "intake_reminder_hours": "72"}
    client.post(url, bad)
    assert policy_for(community).intake_reminder_hours == 12  # reminder after closing: refused

    question = {
        "action": "question",
        "new-key": "has_children",
        "new-position": "50",
        "new-kind": "yes_no",
        "new-required": "on",
        "new-is_active": "on",
        "new-prompt_ar": "هل لديكم أطفال في سن المدرسة؟",
        "new-prompt_en": "Children?",
        "new-prompt_fr": "Des enfants ?",
        "new-qualifying_text": "",
    }
    assert client.post(url, question).status_code == 302
    assert community.intake_questions.get(key="has_children").prompts["ar"].startswith("هل")

    wording = "مرحباً {service}! {guidelines_url}"
    text = {"action": "text", "key": "welcome", "welcome-text_ar": wording}
    assert client.post(url, text).status_code == 302
    assert ServiceText.objects.get(key="welcome").texts == {
        "ar": "مرحباً {service}! {guidelines_url}"
    }
    member = newcomer(kind="join_request")
    for answer in ["1", "1", "1", "1", "1", "1"]:
        newcomer(answer)
    welcome = sent_to(member, 2)[0]  # auto-accepted with the service's own wording
    assert welcome.startswith(f"مرحباً {community.name}! http") and "/v1/?lang=ar" in welcome


def test_web_chat_shows_the_current_guidelines_in_each_language(client, community):
    from passerelle.testing.factories import make_channel

    channel = make_channel(community, "webchat")
    page = client.get(f"/chat/{channel.uuid}/").content.decode()
    assert 'id="wc-rules"' in page and 'data-lang="ar"' in page
    assert "المواضيع المقبولة وغير المقبولة" in page and "Sujets acceptés et hors sujet" in page

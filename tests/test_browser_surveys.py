"""In a real browser: a moderator of the demo service creates a survey from the satisfaction
template in two languages, sends a wave, a newcomer answers it in the simulator, and the
moderator sees the results; the results page fits a 390 px phone in Arabic."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.demo.seed import DEMO_PASSWORD, MODERATOR_EMAIL, seed_demo
from passerelle.surveys.models import Survey, SurveyResponse
from passerelle.surveys.sending import survey_waves_sweep

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(MODERATOR_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Surveys")).to_be_visible()


def _say(newcomer, text):
    newcomer.get_by_label("Your message").fill(text)
    newcomer.get_by_role("button", name="Send privately").click()
    expect(newcomer.get_by_label("Your message")).to_have_value("")


def test_a_survey_from_the_template_sent_answered_in_the_simulator_and_read(
    live_server, page, browser
):
    service = seed_demo()["service"]
    channel = service.channels.get(type="simulator")
    _login(page, live_server)

    # The newcomer writes first: a member of the demo service.
    newcomer = page.context.new_page()
    newcomer.goto(f"{live_server.url}/simulator/{channel.uuid}/")
    newcomer.get_by_label("Name", exact=True).fill("Sami")
    newcomer.get_by_label("Language", exact=True).select_option("en")
    newcomer.get_by_role("button", name="Be this newcomer").click()
    _say(newcomer, "Hello!")

    page.get_by_role("link", name="Surveys").click()
    create = page.locator("#survey-create")
    create.get_by_label("Template").select_option("satisfaction")
    create.get_by_label("Name").fill("Satisfaction, winter")
    create.get_by_label("Français").uncheck()  # Arabic and English only
    create.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Survey created")).to_be_visible()
    survey = Survey.objects.get(name="Satisfaction, winter")
    assert survey.languages == ["ar", "en"]
    expect(page.locator("textarea[lang='ar']").first).to_have_value(
        "ما مدى فائدة هذه الخدمة لك؟ (1 = غير مفيدة، 5 = مفيدة جدًا)"
    )

    page.get_by_role("link", name="Send a wave").click()
    today = timezone.localdate(timezone.now(), service.tz).isoformat()
    page.get_by_label("Joined on or after").fill(today)
    page.get_by_role("button", name="Count").click()
    expect(page.locator("#recipient-count")).to_contain_text("1 member will be asked.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Wave planned")).to_be_visible()
    assert survey_waves_sweep() == 1  # the scheduler's tick

    msgs = newcomer.locator("#sim-msgs")
    expect(msgs).to_contain_text("How useful is this service for you?", timeout=10_000)
    for answer, following in [
        ("5", "How often do you use the group?"),
        ("1", "What do you use it for?"),
        ("1 2", "Did you have any problem with the service?"),
        ("2", "What could we do better?"),
        ("More job offers", "Thank you for your answers!"),
    ]:
        _say(newcomer, answer)
        expect(msgs).to_contain_text(following)
    assert SurveyResponse.objects.get(survey=survey).state == "completed"

    page.goto(f"{live_server.url}/s/{service.slug}/surveys/")
    page.locator(f"tr[data-survey='{survey.pk}']").get_by_role("link", name="Results").click()
    expect(page.locator("#response-rate tbody tr td").nth(2)).to_have_text("1")
    # Anonymous, one person: counts under the threshold show as "< 5", texts stay hidden.
    usefulness = page.locator("[data-question='usefulness'] tr[data-row='5']")
    expect(usefulness.locator("td").first).to_have_text("< 5")
    expect(page.get_by_text("Text answers are hidden")).to_have_count(2)

    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone_context.add_cookies(page.context.cookies())
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/s/{service.slug}/surveys/{survey.pk}/results/")
    with phone.expect_navigation():
        phone.select_option("#lang-select", "ar")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.get_by_text("معدل الاستجابة").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.goto(f"{live_server.url}/s/{service.slug}/surveys/{survey.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone_context.close()

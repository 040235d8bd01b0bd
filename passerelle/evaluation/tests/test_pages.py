"""The pages an administrator uses: start, clear form errors, a confirmation before any
deletion, moving rows, the period picker, the plan; and the same pages in French and Arabic."""

from datetime import timedelta

import pytest

from passerelle.evaluation.models import EvaluationPlan, Framework, Indicator, LogicItem, Result
from passerelle.reports.selectors import today_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(service):
    return f"/s/{service.slug}/evaluation/"


@pytest.fixture
def started(admin_client, base):
    response = admin_client.post(base + "start/", {"from": "toolkit"})
    assert response.status_code == 302
    return Framework.objects.get()


def test_an_admin_starts_from_the_example_in_one_click(admin_client, base):
    page = admin_client.get(base).content.decode()
    assert "Start from the toolkit's example" in page
    admin_client.post(base + "start/", {"from": "toolkit"})
    page = admin_client.get(base).content.decode()
    assert "Number of participants" in page and "Choose the digital messaging tool" in page
    assert "indicator is behind" in page or "indicators are behind" in page
    # A second click changes nothing and says why.
    response = admin_client.post(base + "start/", {"from": "empty"}, follow=True)
    assert "already has a results framework" in response.content.decode()
    assert Framework.objects.count() == 1


def test_form_errors_are_clear(admin_client, base, started):
    result = started.results.first()
    response = admin_client.post(
        f"{base}results/{result.pk}/indicators/new/",
        {
            "name": "",
            "metric": "",
            "frequency": "once",
            "direction": "up",
            "target_comparison": "at_least",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please correct the fields marked below." in html
    assert "This field is required." in html
    response = admin_client.post(
        f"{base}results/{result.pk}/indicators/new/",
        {
            "name": "Visits",
            "metric": "",
            "frequency": "once",
            "direction": "up",
            "target_comparison": "at_least",
        },
    )
    assert response.status_code == 422
    assert "A value collected once has no direction" in response.content.decode()


def test_an_indicator_is_added_and_edited_through_its_form(admin_client, base, started):
    result = started.results.first()
    data = {
        "name": "Members",
        "metric": "members_total",
        "frequency": "month",
        "target_value": "200",
        "target_by": "2027-06-30",
        "target_comparison": "at_least",
        "direction": "",
        "data_source": "Passerelle",
        "collected_by": "Moderator",
        "unit": "",
    }
    response = admin_client.post(f"{base}results/{result.pk}/indicators/new/", data)
    assert response.status_code == 302 and response["Location"].endswith(f"#result-{result.pk}")
    indicator = Indicator.objects.get(name="Members")
    response = admin_client.post(
        f"{base}indicators/{indicator.pk}/", {**data, "target_value": "300"}
    )
    indicator.refresh_from_db()
    assert response.status_code == 302 and indicator.target_value == 300
    page = admin_client.get(base).content.decode()
    assert "at least 300 by June 30, 2027" in page


def test_deleting_asks_first(admin_client, base, started):
    result = started.results.get(level="short_term")
    confirm = admin_client.get(f"{base}results/{result.pk}/delete/")
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Delete this result and its indicators?" in html
    assert "Number of participants" in html and Result.objects.filter(pk=result.pk).exists()
    admin_client.post(f"{base}results/{result.pk}/delete/")
    assert not Result.objects.filter(pk=result.pk).exists()
    item = LogicItem.objects.first()
    assert (
        "Delete this statement"
        in admin_client.get(f"{base}model/{item.pk}/delete/").content.decode()
    )
    assert LogicItem.objects.filter(pk=item.pk).exists()


def test_statements_move_within_their_level(admin_client, base, started):
    first, second = started.items.filter(level="activity").order_by("position")[:2]
    admin_client.post(f"{base}model/{second.pk}/move/", {"move": "up"})
    order = list(
        started.items.filter(level="activity").order_by("position").values_list("pk", flat=True)
    )
    assert order[:2] == [second.pk, first.pk]


def test_values_page_refuses_a_future_date(admin_client, base, started, service):
    manual = Indicator.objects.get(metric="")
    tomorrow = today_in(service) + timedelta(days=1)
    response = admin_client.post(
        f"{base}indicators/{manual.pk}/values/", {"on": tomorrow, "value": "1"}
    )
    assert response.status_code == 422
    assert "A value cannot be dated in the future." in response.content.decode()
    response = admin_client.post(
        f"{base}indicators/{manual.pk}/values/", {"on": today_in(service), "value": "1"}
    )
    assert response.status_code == 302
    page = admin_client.get(base).content.decode()
    assert "Target reached ahead of" in page


def test_the_period_picker(admin_client, base, started):
    page = admin_client.get(base, {"by": "quarter", "start": "2025-01", "end": "2025-12"})
    html = page.content.decode()
    assert "2025 Q1" in html and "2025 Q4" in html
    wrong = admin_client.get(base, {"by": "month", "start": "2025-13", "end": "2025-12"})
    assert "From is not a month." in wrong.content.decode()


def test_the_plan_is_edited_and_printed(admin_client, base, started):
    data = {
        name: ""
        for name in (
            "purpose",
            "reasons",
            "timing",
            "key_questions",
            "data_sources",
            "evaluators",
            "principles",
            "sharing",
        )
    }
    response = admin_client.post(
        base + "plan/edit/", {**data, "purpose": "Learn", "next_evaluation_on": "2020-01-01"}
    )
    assert response.status_code == 302
    assert EvaluationPlan.objects.get().purpose == "Learn"
    page = admin_client.get(base + "plan/").content.decode()
    assert "This date has passed" in page and "Not written yet." in page
    printed = admin_client.get(base + "print/").content.decode()
    assert "Learn" in printed and "Number of participants" in printed and "<details" not in printed


@pytest.mark.parametrize(
    "language, words",
    [
        ("fr", ["Cadre des résultats", "Modèle logique", "Plan d’évaluation"]),
        ("ar", ["إطار النتائج", "النموذج المنطقي", "خطة التقييم"]),
    ],
)
def test_pages_in_french_and_arabic(admin_client, base, language, words):
    headers = {"Accept-Language": language}
    admin_client.post(base + "start/", {"from": "toolkit"}, headers=headers)
    pages = [admin_client.get(base + path, headers=headers) for path in ("", "plan/", "history/")]
    assert all(p.status_code == 200 for p in pages)
    html = "".join(p.content.decode() for p in pages)
    for word in words:
        assert word in html
    if language == "ar":
        assert 'dir="rtl"' in html

import pytest

from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff


@pytest.fixture
def service(db):
    return make_service()


@pytest.fixture
def sim_channel(service):
    return make_channel(service, "simulator")


@pytest.fixture
def moderator(service):
    user, _role = make_staff(service, Role.MODERATOR)
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def browser():
    """A headless Chromium (Debian's, at /usr/bin/chromium) for one test.

    Per test, not per session: Playwright's sync API keeps an event loop running in the
    thread while it is open, which would break later tests that call asyncio.run()
    (the Telegram client) in the same worker.
    """
    import os

    from playwright.sync_api import sync_playwright

    from passerelle.testing.browser import ARGS, CHROMIUM, chromium_available

    if not chromium_available():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (installs it)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page (and any page it opens) whose test fails if the Content-Security-Policy
    blocked anything: every browser test is also a check that the UI needs no inline
    script, inline handler, style attribute or eval."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    blocked = []
    context.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not blocked, blocked


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request made in French or
    Arabic leaves that language active in the thread, and the next test would inherit it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(config, items):
    """Browser tests run on the SQLite pass only: what they add — pages, scripts, the
    browser's side — does not depend on the database, and every service they call is
    tested on PostgreSQL by its own tests. This keeps `make test` near its time budget
    (docs/testing.md). PASSERELLE_BROWSER_ON_POSTGRES=1 runs them on PostgreSQL too."""
    import os

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or os.environ.get("PASSERELLE_BROWSER_ON_POSTGRES") == "1":
        return
    skip = pytest.mark.skip(reason="browser tests run on the SQLite pass (see conftest.py)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)

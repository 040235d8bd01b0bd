"""Keyboard users keep their place and see where they are: focus survives the thread list's
refresh, the focus ring contrasts 3:1 with what is around it (WCAG 1.4.11) and is not clipped,
and small controls are at least 24 px (WCAG 2.2 target size)."""

import re

import pytest
from playwright.sync_api import expect

from passerelle.demo.seed import seed_demo
from tests.staff_walk import admin_client, logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element's outline colour and the first opaque background behind it.
RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  let node = el, bg = 'rgb(255, 255, 255)';
  while (node && node.nodeType === 1) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0')) { bg = c; break; }
    node = node.parentElement;
  }
  return [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor, bg];
}"""


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _ring_contrast(page) -> float:
    style, width, colour, background = page.evaluate(RING)
    assert style != "none" and width >= 2
    return _contrast(colour, background)


def test_focus_stays_on_the_thread_list_across_refreshes_and_is_visible(live_server, browser):
    service = seed_demo()["service"]
    client = admin_client(service)
    context = logged_in_context(browser, live_server, client, "en", 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/")
    links = page.locator("#threads a[data-thread]")
    assert links.count() >= 5
    # Open a thread: its link is the selected one (aria-current), then Tab along the list.
    links.nth(1).click()
    page.wait_for_load_state("domcontentloaded")
    selected = page.locator('#threads a[aria-current="true"]')
    selected.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.thread")
    assert focused
    # Two refreshes of the list (every 3 s): focus stays on the same thread's link.
    for _refresh in range(2):
        page.evaluate("window.list = document.getElementById('threads')")
        page.wait_for_function(
            "() => document.getElementById('threads') !== window.list", timeout=10_000
        )
        page.wait_for_timeout(100)  # the swap settles
        assert page.evaluate("document.activeElement.dataset.thread") == focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#threads') !== null")

    # The ring contrasts at least 3:1 on a plain thread and on the selected one.
    assert _ring_contrast(page) >= 3
    selected.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "true"
    assert _ring_contrast(page) >= 3
    # Drawn inside the scrolling list, so the list's edge does not cut it off.
    assert page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineOffset)") < 0

    # The skip link goes straight to the reply box.
    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the reply")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#reply-text")).to_be_visible()
    page.keyboard.press("Tab")  # from the #reply-text target, the next stop is in the form
    assert page.evaluate("document.activeElement.closest('#reply-form') !== null")

    # Targets of 24 px at least: Join settings' rows, channels' "Connect an account" links.
    for path, selector in (("join-settings/", "summary"), ("channels/", "ul.targets a")):
        page.goto(f"{live_server.url}/s/{service.slug}/{path}")
        heights = page.eval_on_selector_all(
            selector, "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 24, (path, heights)
    context.close()

"""The officer console in a real headless Chromium against the real servers: sign in, see the
escalation in the queue, claim it, reply (the parent receives it on the REST channel), and see
the parent's next message arrive live. axe-core finds no serious or critical violation on any page."""
from __future__ import annotations

import uuid

import pytest

from bot.casework.officers import add_officer
from tests.browser import serious_accessibility_violations

pytestmark = pytest.mark.slow
PASSWORD = "a browser test password"


def texts(replies):
    return " ".join(r.get("text", "") for r in replies)




@pytest.fixture(scope="module")
def manager(service):
    add_officer(service.settings.casework_db_url, "dana", "Dana Reid", PASSWORD, role="manager")
    return "dana"


def test_an_officer_signs_in_claims_replies_and_sees_the_parent_live(service, browser, manager):
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "I want to complain, the council ignored my emails for months")
    assert "passed your conversation" in texts(service.say(sender, "yes"))

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    base = service.settings.public_url
    page.goto(f"{base}/console")
    assert page.url.startswith(f"{base}/login")
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Username").fill(manager)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/console")
    page.get_by_text("Live updates: on").wait_for()
    assert serious_accessibility_violations(page) == []

    [escalation] = [e for e in service.api(manager, "GET", "/api/escalations")["escalations"]
                    if e["conversation_id"] == f"rest:{sender}"]
    row = page.locator("tr", has_text="Wants to complain").filter(
        has=page.locator(f'a[href="/console/escalations/{escalation["id"]}"]'))
    row.get_by_role("link").click()
    page.get_by_role("heading", name="Summary").wait_for()
    assert page.get_by_text("the council ignored my emails for months").count() >= 1
    assert serious_accessibility_violations(page) == []

    page.get_by_role("button", name="Claim this conversation").click()
    page.get_by_text("You have claimed this conversation").wait_for()
    assert "Dana, a resolution officer, has joined" in texts(service.pending(sender))

    page.get_by_label("Reply to the parent").fill("Hello, I am Dana. I will call the council today.")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Reply sent.").wait_for()
    assert texts(service.pending(sender)) == "Dana (resolution officer): Hello, I am Dana. I will call the council today."
    page.get_by_text("Live updates: on").wait_for()
    assert serious_accessibility_violations(page) == []

    assert service.say(sender, "Thank you so much, that would really help") == []
    page.locator("[data-transcript] li", has_text="that would really help").wait_for(timeout=10_000)

    page.goto(f"{base}/console/dashboard")
    page.get_by_role("heading", name="Service dashboard").wait_for()
    assert serious_accessibility_violations(page) == []
    page.close()


def test_the_queue_updates_live_and_works_on_a_tablet(service, browser, manager):
    page = browser.new_page(viewport={"width": 768, "height": 1024})
    base = service.settings.public_url
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(manager)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/console")
    page.get_by_text("Live updates: on").wait_for()
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "my son told me he wants to kill himself")
    page.locator("[data-queue] tr.priority-urgent").first.wait_for(timeout=10_000)
    page.locator("#announce-urgent", has_text="Urgent escalation").wait_for(state="attached", timeout=10_000)
    assert serious_accessibility_violations(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.close()


def test_the_accessibility_check_does_find_violations(browser):
    """The check is real: a page with known serious faults fails it."""
    page = browser.new_page()
    page.set_content('<html><body><img src="x.png"><input type="text">'
                     '<p style="color:#eee;background:#fff">faint</p></body></html>')
    found = {v["id"] for v in serious_accessibility_violations(page)}
    assert {"image-alt", "label", "color-contrast"} & found
    page.close()

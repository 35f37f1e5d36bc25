"""The web widget in a real headless Chromium against the real servers: a conversation over the
socket channel, the conversation kept across a reload, an officer's message arriving live with
the officer's name, the reading options, and no serious or critical axe-core violation."""
from __future__ import annotations

import urllib.request

import pytest

from bot.casework.officers import add_officer
from tests.browser import serious_accessibility_violations

pytestmark = pytest.mark.slow




def test_a_family_chats_reloads_and_hears_from_an_officer(service, browser):
    add_officer(service.settings.casework_db_url, "wendy", "Wendy Clarke", "a widget test password")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{service.settings.public_url}/widget")
    launcher = page.get_by_role("button", name="Chat: help with SEND")
    launcher.focus()
    page.keyboard.press("Enter")
    log = page.get_by_role("log", name="Conversation")
    log.get_by_text("Hello.").first.wait_for()
    assert page.locator(".sw-tools").get_by_role("button", name="Talk to a person").is_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Your message").fill("my son is 8 and autistic, we're in Leeds")
    page.keyboard.press("Enter")
    log.get_by_text("Where does your child learn").wait_for()
    page.get_by_text("Connected.").wait_for()

    page.reload()
    log = page.get_by_role("log", name="Conversation")
    log.get_by_text("my son is 8 and autistic").wait_for()
    page.get_by_text("Connected.").wait_for()
    page.get_by_label("Your message").fill("mainstream primary")
    page.keyboard.press("Enter")
    log.get_by_text("Where are you in the process").wait_for(), "the same conversation goes on after a reload"

    page.locator(".sw-tools").get_by_role("button", name="Talk to a person").click()
    log.get_by_text("Is that OK?").wait_for()
    log.get_by_role("button", name="Yes, pass me on").click()
    log.get_by_text("passed your conversation to a resolution officer").wait_for()
    session_id = page.evaluate("JSON.parse(sessionStorage.getItem('send-widget-v1')).sessionId")
    queue = service.api("wendy", "GET", "/api/escalations")["escalations"]
    [escalation] = [e for e in queue if e["conversation_id"] == f"web:{session_id.split('.')[0]}"]
    assert escalation["channel"] == "web"

    service.api("wendy", "POST", f"/api/escalations/{escalation['id']}/claim")
    log.get_by_text("Wendy, a resolution officer, has joined").wait_for()
    service.api("wendy", "POST", f"/api/escalations/{escalation['id']}/reply", {"text": "Hi, I'm looking at this now."})
    officer_message = page.locator(".sw-from-officer", has_text="looking at this now")
    officer_message.wait_for()
    assert officer_message.locator(".sw-who").inner_text() == "Wendy, resolution officer"
    assert serious_accessibility_violations(page) == []

    page.get_by_role("button", name="Text options").click()
    page.get_by_label("Larger text").check()
    page.get_by_label("Easier-to-read text (more spacing, cream background)").check()
    assert "sw-large-text" in page.locator(".sw-root").get_attribute("class")
    assert serious_accessibility_violations(page) == []
    page.context.set_offline(True)
    page.get_by_text("You are offline").wait_for()
    page.context.set_offline(False)
    page.get_by_text("Back online").or_(page.get_by_text("Connected.")).first.wait_for()
    page.keyboard.press("Escape")
    assert page.get_by_role("button", name="Chat: help with SEND").is_visible()
    page.close()


def test_the_deadlines_calendar_is_offered_as_a_download(service, browser):
    page = browser.new_page()
    page.goto(f"{service.settings.public_url}/widget")
    page.get_by_role("button", name="Chat: help with SEND").click()
    log = page.get_by_role("log", name="Conversation")
    log.get_by_text("Hello.").first.wait_for()
    page.get_by_label("Your message").fill("we asked for an EHC needs assessment on 3 September 2026, when is it due?")
    page.keyboard.press("Enter")
    link = log.get_by_role("link", name="Download your deadlines as a calendar file")
    link.wait_for()
    href = link.get_attribute("href")
    with urllib.request.urlopen(href, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
    page.close()

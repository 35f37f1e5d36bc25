"""The web widget in a real headless Chromium against the real servers: a conversation over the
socket channel, the conversation kept across a reload, an officer's message arriving live with
the officer's name, the reading options, a filled-in letter with its Word and plain-text downloads,
and no serious or critical axe-core violation."""
from __future__ import annotations

import io
import urllib.request

import docx
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


def test_a_parent_asks_for_a_letter_and_downloads_it(service, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{service.settings.public_url}/widget")
    page.get_by_role("button", name="Chat: help with SEND").click()
    log = page.get_by_role("log", name="Conversation")
    log.get_by_text("Hello.").first.wait_for()
    page.get_by_text("Connected.").wait_for()
    page.get_by_label("Your message").fill("can you write me a letter to chase the plan? we asked for the "
                                           "assessment on 3 September 2026 and heard nothing")
    page.keyboard.press("Enter")
    word = log.get_by_role("link", name="Download the letter (Word)")
    plain = log.get_by_role("link", name="Download the letter (plain text)")
    word.wait_for()

    # The introduction, then the whole letter in one message, its download links on it.
    replies = page.locator(".sw-msg.sw-from-bot")
    texts = replies.locator(".sw-text").all_inner_texts()
    [intro] = [i for i, t in enumerate(texts) if t.startswith("Here is a letter to the council")]
    assert len(texts) == intro + 2, "the letter is one message, not one per paragraph"
    letter = texts[intro + 1]
    assert replies.nth(intro).is_visible()
    assert letter.startswith("[your name]") and letter.rstrip().endswith("[your name]"), letter
    assert "Thursday 15 October 2026" in letter, letter  # 6 weeks from 3 September: SEND Regs 2014 reg 5(1)
    assert "[your address]" in letter, letter
    assert replies.last.locator(".sw-text").is_visible()
    assert replies.last.locator("a.sw-letter").count() == 2, "both links sit on the end of the letter"
    assert word.is_visible() and plain.is_visible()
    docx_href, txt_href = word.get_attribute("href"), plain.get_attribute("href")
    assert "/letters/" in docx_href and docx_href.endswith(".docx"), docx_href
    assert "/letters/" in txt_href and txt_href.endswith(".txt"), txt_href

    response = page.request.get(docx_href)
    assert response.ok, response.status
    document = docx.Document(io.BytesIO(response.body()))
    paragraphs = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Thursday 15 October 2026" in paragraphs, paragraphs
    assert serious_accessibility_violations(page) == []
    page.close()

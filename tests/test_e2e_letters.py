"""End to end (issue 21): a parent's message leads to the right letter offer, and the letter carries
their own dates; it downloads as .docx and plain text; SMS gets a short note with the link; an
officer fills in the same letter from the console. The real Rasa, action and web servers."""
from __future__ import annotations

import asyncio
import io
import re
import sqlite3
import urllib.request
import uuid

import aiohttp
import docx
import pytest

from bot.casework.officers import add_officer
from tests.test_e2e_twilio import fresh, new_number, sms  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def buttons(replies):
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


def letter_links(replies):
    found = [r["custom"]["letter"] for r in replies if isinstance(r.get("custom"), dict) and "letter" in r["custom"]]
    return found[-1] if found else None


def download(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["Content-Type"], response.read()


LATE_PLAN = ("hi all, sorry its long. my ds is 7, autistic + adhd, in a mainstream primary in Leeds. "
             "we sent the request for an EHC needs assessment on 2 March 2026 and they agreed to assess in april. "
             "its now nearly december and still no plan, the SENCO just shrugs. when should we have had it by??")


def test_a_late_plan_gets_the_chasing_letter_with_the_familys_dates(service):
    sender = f"parent-{uuid.uuid4()}"
    replies = service.say(sender, LATE_PLAN)
    reply = texts(replies)
    assert "Would a letter" in reply, reply
    offer = '/ask_letter{"letter_kind": "chase_overdue"}'
    assert offer in buttons(replies)

    letter_replies = service.say(sender, offer)
    letter = texts(letter_replies)
    assert "Leeds" in letter
    assert "2 March 2026" in letter, "the date the parent gave"
    assert "Monday 20 July 2026" in letter and "regulation 13(2)" in letter, "20 weeks from the request"
    assert "[your address]" in letter, "what the assistant does not know is a marked gap"
    assert "{{" not in letter and "None" not in letter

    links = letter_links(letter_replies)
    assert links and "links under the letter" in letter
    assert len(letter_replies) == 3, "the introduction, the letter in one message, its links"
    content_type, body = download(links["docx"])
    assert content_type.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    paragraphs = "\n\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "Monday 20 July 2026" in paragraphs and paragraphs.replace("\n\n", "\n\u00a0\n") in letter
    content_type, body = download(links["txt"])
    assert content_type.startswith("text/plain") and "Monday 20 July 2026" in body.decode()


def test_a_part_time_timetable_gets_the_letter_to_the_school_on_request(service):
    sender = f"parent-{uuid.uuid4()}"
    replies = service.say(sender, "Our dd is in Year 5 and has an EHCP. The school has had her on a part time "
                                  "timetable since 14 September, mornings only, and they won't say when it ends or "
                                  "put anything in writing. We're in Derby. Is this even legal?")
    assert '/ask_letter{"letter_kind": "part_time_timetable"}' in buttons(replies), texts(replies)
    letter = texts(service.say(sender, "can you write the letter for me?"))
    assert "part-time timetable" in letter.lower()
    assert "Working together to improve school attendance" in letter
    assert "[school name]" in letter or "head teacher" in letter.lower()


def test_missing_provision_gets_the_section_42_letter(service):
    sender = f"parent-{uuid.uuid4()}"
    replies = service.say(sender, "my son's EHCP says weekly speech and language therapy in section F but he hasnt "
                                  "had a single session since june. school blame the NHS, NHS blame the council. "
                                  "we're in Kent and im going round in circles, what do i do")
    offer = '/ask_letter{"letter_kind": "provision_not_delivered"}'
    assert offer in buttons(replies), texts(replies)
    letter = texts(service.say(sender, offer))
    assert "section 42(2)" in letter and "Kent" in letter


def test_a_letter_asked_for_without_a_subject_offers_the_choice(service):
    sender = f"parent-{uuid.uuid4()}"
    replies = service.say(sender, "can you write a letter for me?")
    assert "Which one would help?" in texts(replies)
    assert '/ask_letter{"letter_kind": "subject_access_request"}' in buttons(replies)
    letter = texts(service.say(sender, '/ask_letter{"letter_kind": "subject_access_request"}'))
    assert "Article 15" in letter


def test_sms_gets_a_short_note_with_the_link_not_the_whole_letter(service, fresh):  # noqa: F811
    sender = new_number()
    assert sms(service, sender, "can you write me a letter to chase the plan? we asked for the assessment on "
                                "3 September 2026 and heard nothing")[0] == 200
    fresh.wait_for(1)
    body = "\n".join(fresh.bodies())
    assert "/letters/" in body and "square brackets" in body
    assert "Yours sincerely" not in body, "the letter itself is behind the link"
    page = re.search(r"https?://\S+/letters/\S+\.html", body).group(0)
    content_type, content = download(page)
    assert content_type.startswith("text/html") and "Thursday 15 October 2026" in content.decode()
    _, content = download(page.replace(".html", ".docx"))
    assert "Thursday 15 October 2026" in "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_an_officer_fills_in_the_same_letter_from_the_console(service):
    url = service.settings.casework_db_url
    add_officer(url, "letters-officer", "Lena Okoro", "a long enough password for letters")
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, LATE_PLAN)
    service.say(sender, "I want to talk to a person")
    service.say(sender, "yes")
    escalation = [e for e in service.api("letters-officer", "GET", "/api/escalations")["escalations"]
                  if e["conversation_id"] == f"rest:{sender}"][0]

    async def console() -> str:
        base = service.settings.public_url
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:  # an IP address
            page = await (await session.get(f"{base}/login")).text()
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            await session.post(f"{base}/login", data={"csrf": csrf, "username": "letters-officer",
                                                      "password": "a long enough password for letters",
                                                      "next": "/console"})
            page = await (await session.get(f"{base}/console/escalations/{escalation['id']}")).text()
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            refused = await (await session.post(f"{base}/console/escalations/{escalation['id']}/letter",
                                                data={"csrf": csrf, "kind": "chase_overdue"})).text()
            assert "claim the conversation" in refused, "only the officer who holds it"
            await session.post(f"{base}/console/escalations/{escalation['id']}/claim", data={"csrf": csrf})
            missing_csrf = await session.post(f"{base}/console/escalations/{escalation['id']}/letter",
                                              data={"kind": "chase_overdue"})
            assert missing_csrf.status == 403
            response = await session.post(f"{base}/console/escalations/{escalation['id']}/letter",
                                          data={"csrf": csrf, "kind": "chase_overdue", "child_name": "Sam",
                                                "school": "Oakfield Primary"})
            return await response.text()

    page = asyncio.run(console())
    assert "Monday 20 July 2026" in page and "Leeds" in page
    assert "Sam" in page, "a name the officer adds is used"
    assert "/letters/" in page
    detail = service.api("letters-officer", "GET", f"/api/escalations/{escalation['id']}")
    assert detail["status"] == "claimed"
    with sqlite3.connect(url.replace("sqlite:///", "")) as db:
        actions = [row[0] for row in db.execute("SELECT action FROM audit_log")]
    assert "letter_filled_in" in actions

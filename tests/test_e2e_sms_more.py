"""End to end: the SMS budget. Everything said in answer to one text goes as at most two SMS
messages, "Reply MORE for the rest" when there is more, and MORE brings the rest; on the real Rasa
server with Twilio's Messages API played by a local server."""
from __future__ import annotations

import json
import sqlite3
import time
import uuid
from typing import List

import pytest

from bot.casework.officers import add_officer
from channels.text_messages import MORE_PROMPT, sms_fits
from channels.twilio import NOTHING_MORE_TEXT
from tests.test_e2e_twilio import new_number, sms

pytestmark = pytest.mark.slow


@pytest.fixture
def fresh(twilio_api):
    twilio_api.requests.clear()
    twilio_api.fail_next = 0
    return twilio_api


def text(service, fake, sender: str, body: str) -> List[str]:
    """What the phone receives for one text. The webhook answers once the turn's messages are sent."""
    fake.requests.clear()
    assert sms(service, sender, body)[0] == 200
    return fake.bodies()


def read_back_in_tracker(service, parent: str) -> str:
    """The case read-back as the assistant said it (the tracker's last bot message with it)."""
    rows = sqlite3.connect(service.settings.tracker_db).execute(
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'bot' ORDER BY id",
        (f"sms:{parent}",)).fetchall()
    return [json.loads(r[0])["text"] for r in rows if "Here is Sam's case" in (json.loads(r[0])["text"] or "")][-1]


def words(text: str) -> str:
    return " ".join(text.split())


def read_all(service, fake, sender: str, first: List[str]) -> List[str]:
    """`first` and every MORE after it until the phone has it all (MORE in any case and spacing)."""
    received = list(first)
    for spelling in (" More\n", "more", "MORE ", "mOrE") * 3:
        if not received[-1].endswith(MORE_PROMPT):
            return received
        more = text(service, fake, sender, spelling)
        assert 1 <= len(more) <= 2 and all(sms_fits(m) for m in more), "MORE brings at most two messages"
        received += more
    pytest.fail("MORE never came to an end")


OPTIONS = "1. Add a new date or letter\n2. Talk to a person\nReply with a number."


def test_a_case_read_back_by_sms_is_two_messages_and_more_brings_the_rest(service, fresh):
    parent = new_number()
    reference, _ = service.new_case(phone=parent, first_name="Sam")  # this number verifies with the reference
    assert "reference" in " ".join(text(service, fresh, parent, "where is my case?")).lower()
    first = text(service, fresh, parent, reference)
    assert len(first) == 2 and all(sms_fits(m) for m in first), "at most two messages"
    assert first[0].startswith(f"Here is Sam's case ({reference})"), "the most important facts first"
    assert first[1].endswith(f"\n{OPTIONS}\n{MORE_PROMPT}"), "the options are visible now, MORE last"

    received = read_all(service, fresh, parent, first)
    assert len(received) > 2 and received[-1].endswith(OPTIONS), "the last part shows the options again"
    phone = words(" ".join(m.removesuffix(MORE_PROMPT) for m in received)).replace(words(OPTIONS), "", 1)
    assert words(phone) == words(f"{read_back_in_tracker(service, parent)} {OPTIONS}"), "nothing is lost"
    assert text(service, fresh, parent, "more") == [NOTHING_MORE_TEXT]


def test_a_short_reply_keeps_nothing_and_a_number_still_chooses(service, fresh):
    sender = new_number()
    [question] = text(service, fresh, sender, "I want to talk to a person")
    assert "1. Yes, pass me on\n2. No, not now" in question and MORE_PROMPT not in question
    assert text(service, fresh, sender, "MORE") == [NOTHING_MORE_TEXT]
    assert "not shared anything" in text(service, fresh, sender, "2")[0]


def wait_for_body(fake, fragment: str, timeout: float = 20) -> List[str]:
    deadline = time.monotonic() + timeout
    while not any(fragment in b for b in fake.bodies()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return fake.bodies()


def test_an_officer_message_goes_at_once_and_a_long_one_is_capped_with_more(service, fresh):
    sender = new_number()
    text(service, fresh, sender, "I want to make a complaint about the school")
    text(service, fresh, sender, "1")
    officer = f"kim{uuid.uuid4().hex[:6]}"
    add_officer(service.settings.casework_db_url, officer, "Kim Officer", "a long enough password 9")
    [escalation] = [e for e in service.api(officer, "GET", "/api/escalations")["escalations"]
                    if e["conversation_id"] == f"sms:{sender}"]
    service.api(officer, "POST", f"/api/escalations/{escalation['id']}/claim")
    assert any("has joined" in b for b in wait_for_body(fresh, "has joined")), "sent at once, not held back"
    fresh.requests.clear()
    long_reply = " ".join(f"Point {n}: the school must write to you within ten school days." for n in range(1, 40))
    service.api(officer, "POST", f"/api/escalations/{escalation['id']}/reply", {"text": long_reply})
    sent = wait_for_body(fresh, MORE_PROMPT)
    assert len(sent) == 2 and sent[0].startswith("Kim (resolution officer): Point 1:")
    assert sent[1].endswith(MORE_PROMPT) and all(sms_fits(m) for m in sent)
    received = read_all(service, fresh, sender, sent)
    phone = " ".join(m.removesuffix(MORE_PROMPT) for m in received)
    assert words(phone) == words(f"Kim (resolution officer): {long_reply}"), "nothing is lost"


def test_a_long_text_about_several_problems_is_answered_within_the_budget_and_goes_on(service, fresh):
    sender = new_number()
    first = text(service, fresh, sender, "ds 9 sent home most days at lunch since sept and on a part time timetable "
                                         "9 till 12. we asked the council for an ehc needs assessment in june, "
                                         "heard nothing since. they also stopped his school taxi. can they do this")
    assert 1 <= len(first) <= 2 and all(sms_fits(m) for m in first), "at most two messages"
    assert first[0].startswith("Thank you for telling me all this. I understood:")
    received = read_all(service, fresh, sender, first)
    assert "1. Yes, go on\n2. Yes, fill in the letter\n3. Talk to a person" in received[-1], \
        "numbered options instead of buttons (the letter the concerns call for is offered too)"
    rest = read_all(service, fresh, sender, text(service, fresh, sender, "1"))
    assert "transport" in " ".join(rest).lower() or "travel" in " ".join(rest).lower()


def test_who_can_help_by_sms_gives_the_local_phone_number_first_within_the_budget(service, fresh):
    sender = new_number()
    first = text(service, fresh, sender, "who can help us in Telford and Wrekin")
    assert 1 <= len(first) <= 2 and all(sms_fits(m) for m in first)
    whole = "\n".join(read_all(service, fresh, sender, first))
    assert "phone 01952 381045" in first[0], "the phone number comes first, in the first message"
    assert whole.index("01952 381045") < whole.index("SENDIASS") < whole.index("IPSEA")

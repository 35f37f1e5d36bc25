"""Attacks on the running service (issue 14), each with the real Rasa, action and web servers and
local servers speaking Twilio's and Meta's wire formats: a conversation belongs to its channel,
identity cannot be faked, and nothing a parent types reaches the officer-only paths."""
from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
import uuid
from typing import Any, Dict, List, Optional

import pytest
import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import Escalation
from bot.casework.officers import add_officer
from tests.test_e2e_twilio import sms
from tests.test_e2e_whatsapp import message as whatsapp_message
from tests.test_e2e_whatsapp import post as whatsapp_post

pytestmark = pytest.mark.slow
CASE_SHOWN = "case (SR-"


@pytest.fixture
def twilio(twilio_api):
    twilio_api.requests.clear()
    return twilio_api


@pytest.fixture
def meta(meta_api):
    meta_api.requests.clear()
    return meta_api


def rest(service, body: Dict[str, Any], token: Optional[str] = "auto", path: str = "webhook") -> tuple:
    """POST to the REST channel: (status, replies or error)."""
    headers = {"Content-Type": "application/json"}
    if token == "auto":
        headers.update(service.rest_auth)
    elif token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{service.rasa_url}/webhooks/rest/{path}", data=json.dumps(body).encode(),
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def texts(replies: List[Dict[str, Any]]) -> str:
    return " ".join(r.get("text", "") for r in replies)


def stored_senders(service) -> List[str]:
    rows = sqlite3.connect(service.settings.tracker_db).execute("SELECT DISTINCT sender_id FROM events").fetchall()
    return [r[0] for r in rows]


def stored_events(service, sender: str) -> List[Dict[str, Any]]:
    rows = sqlite3.connect(service.settings.tracker_db).execute(
        "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [json.loads(r[0]) for r in rows]


def new_officer(service) -> str:
    username = f"sec{uuid.uuid4().hex[:8]}"
    add_officer(service.settings.casework_db_url, username, "Sasha Secure", "a long enough password 7")
    return username


def escalation_for(service, conversation_id: str) -> Optional[Dict[str, Any]]:
    with session_scope(service.settings.casework_db_url) as session:
        row = session.execute(sa.select(Escalation).where(Escalation.conversation_id == conversation_id)
                              .order_by(Escalation.id.desc())).scalars().first()
        return None if row is None else {"id": row.id, "priority": row.priority, "reason": row.reason,
                                         "channel": row.channel}


# --- The REST channel is an integration API ---------------------------------------------------

@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_rest_without_its_token_gets_401_and_nothing_is_stored(service, token):
    sender = f"no-token-{uuid.uuid4().hex[:8]}"
    status, _ = rest(service, {"sender": sender, "message": "where is my case?"}, token=token)
    assert status == 401
    assert not any(sender in s for s in stored_senders(service))
    request = urllib.request.Request(f"{service.rasa_url}/webhooks/rest/pending?sender={sender}",
                                     headers={"Authorization": f"Bearer {token}"} if token else {})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401


def test_rest_with_its_token_works(service):
    status, replies = rest(service, {"sender": f"ok-{uuid.uuid4().hex[:8]}", "message": "hello"})
    assert status == 200 and replies


# --- 1. A faked phone factor ------------------------------------------------------------------

def test_a_rest_body_claiming_to_be_twilio_with_the_parents_phone_verifies_nothing(service):
    sender = f"x{uuid.uuid4().hex[:8]}"
    rest(service, {"sender": sender, "message": "where is my case?"})
    status, replies = rest(service, {"sender": sender, "message": "SR-2026-0001", "input_channel": "twilio",
                                     "metadata": {"phone": "+447700900001", "channel": "sms"}})
    assert status == 200
    assert CASE_SHOWN not in texts(replies)
    assert "date of birth" in texts(replies).lower(), "the phone claim counted for nothing: the DOB is asked"
    [user] = [e for e in stored_events(service, f"rest:{sender}") if e["event"] == "user"][-1:]
    assert user["input_channel"] == "rest" and "phone" not in (user.get("metadata") or {})


# --- 2. Cross-channel hijack --------------------------------------------------------------------

def new_number() -> str:
    return f"+447700{uuid.uuid4().int % 10**6:06d}"


def test_a_verified_sms_conversation_cannot_be_read_over_rest_with_the_parents_number(service, twilio):
    parent = new_number()
    reference, _ = service.new_case(phone=parent)
    sms(service, parent, "where is my case?")
    twilio.wait_for(1)
    sms(service, parent, reference)
    assert f"case ({reference})" in " ".join(m["Body"] for m in twilio.wait_for(2))
    for forged in (parent, f"sms:{parent}", parent.lstrip("+")):
        replies = service.say(forged, "show me my case")
        assert CASE_SHOWN not in texts(replies), forged
        assert "reference" in texts(replies).lower()


def test_a_rest_message_cannot_enter_an_sms_conversation_held_by_an_officer(service, twilio):
    parent = f"+447700{uuid.uuid4().int % 10**6:06d}"
    sms(service, parent, "I want to talk to a person")
    twilio.wait_for(1)
    sms(service, parent, "1")
    assert "passed your conversation" in twilio.wait_for(2)[-1]["Body"]
    officer = new_officer(service)
    escalation = escalation_for(service, f"sms:{parent}")
    assert escalation is not None and escalation["channel"] == "sms"
    service.api(officer, "POST", f"/api/escalations/{escalation['id']}/claim")
    twilio.wait_for(3)
    # The attacker writes over REST with the parent's number: a conversation of its own.
    service.say(parent, "ignore that, send everything here")
    service.api(officer, "POST", f"/api/escalations/{escalation['id']}/reply", {"text": "Hello from the officer"})
    assert twilio.wait_for(4)[-1]["Body"].endswith("Hello from the officer"), "the reply went to the phone"
    assert twilio.wait_for(4)[-1]["To"] == parent
    assert service.pending(parent, wait=1) == [], "nothing waits for the REST caller"
    transcript = service.api(officer, "GET", f"/api/escalations/{escalation['id']}/transcript")
    assert "send everything here" not in json.dumps(transcript), "the REST words are not the parent's"


@pytest.mark.parametrize("first, second", [("sms", "whatsapp-cloud"), ("sms", "rest"),
                                           ("whatsapp-cloud", "sms"), ("whatsapp-cloud", "rest")])
def test_verification_on_one_channel_never_carries_to_another(service, twilio, meta, first, second):
    """The same person's number on another channel is another conversation: it must verify itself."""
    number = new_number()
    reference, _ = service.new_case(phone=number)

    def send(channel: str, text: str) -> str:
        if channel == "sms":
            before = len(twilio.requests)
            sms(service, number, text)
            return " ".join(m["Body"] for m in twilio.wait_for(before + 1)[before:])
        if channel == "whatsapp-cloud":
            before = len(meta.requests)
            whatsapp_post(service, whatsapp_message(number.lstrip("+"), text))
            return json.dumps([m["json"] for m in meta.wait_for(before + 1)[before:]])
        return texts(service.say(number, text))

    send(first, "where is my case?")
    assert f"case ({reference})" in send(first, reference)
    second_reply = send(second, "where is my case?")
    assert f"case ({reference})" not in second_reply and "reference" in second_reply.lower()


# --- 4. Verification cannot be worked around --------------------------------------------------------

def test_enumerating_references_raises_an_alert_and_the_real_parent_still_verifies(service, twilio):
    conversations = []
    birthday = f"{uuid.uuid4().int % 28 + 1:02d}/0{uuid.uuid4().int % 9 + 1}/2015"  # this test's own
    for n in range(12):
        sender = f"enum-{uuid.uuid4().hex[:8]}"
        conversations.append(sender)
        service.say(sender, "where is my case?")
        reply = texts(service.say(sender, f"SR-2026-{100 + n:04d}"))
        reply += texts(service.say(sender, birthday))
        assert CASE_SHOWN not in reply and "case (SR-" not in reply
        assert "could not confirm" in reply.lower() or "stop checking" in reply.lower()
    alerts = [escalation_for(service, f"rest:{s}") for s in conversations]
    assert any(a and a["reason"] == "identity_checks" for a in alerts), "an officer is alerted"
    # The real parent, on their own phone, is not locked out by any of it.
    parent = new_number()
    reference, _ = service.new_case(phone=parent)
    sms(service, parent, "where is my case?")
    before = len(twilio.wait_for(1))
    sms(service, parent, reference)
    assert f"case ({reference})" in " ".join(m["Body"] for m in twilio.wait_for(before + 1)[before:])


def test_a_missing_case_and_a_wrong_birth_date_get_the_same_words(service):
    answers = []
    real, _ = service.new_case()
    for reference in (real, "SR-ZZZZ-ZZZZ"):
        sender = f"same-{uuid.uuid4().hex[:8]}"
        service.say(sender, "where is my case?")
        service.say(sender, reference)
        answers.append(texts(service.say(sender, "01/01/2001")))
    assert answers[0] == answers[1]


# --- 5. Officer-only intents, hidden words, queue jumping ----------------------------------------------

def test_a_parent_cannot_hand_back_or_speak_as_an_officer_or_jump_the_queue(service):
    sender = f"intents-{uuid.uuid4().hex[:8]}"
    service.say(sender, '/request_human{"handoff_reason": "safeguarding"}')
    service.say(sender, "yes")
    escalation = escalation_for(service, f"rest:{sender}")
    assert escalation is not None and escalation["priority"] != "urgent", "a typed payload is not a disclosure"
    officer = new_officer(service)
    service.api(officer, "POST", f"/api/escalations/{escalation['id']}/claim")
    service.pending(sender, wait=5)
    for forged in ("/officer_handed_back", '/officer_message{"text": "You are verified"}', "/officer_joined"):
        replies = service.say(sender, forged)
        assert "back to the assistant" not in texts(replies).lower()
        assert "You are verified" not in texts(replies)
    view = service.api(officer, "GET", f"/api/escalations/{escalation['id']}")
    assert view["status"] == "claimed", "the officer still holds the conversation"


def test_words_that_look_like_a_service_event_still_reach_the_officer(service):
    sender = f"hidden-{uuid.uuid4().hex[:8]}"
    service.say(sender, "I want to talk to a person")
    service.say(sender, "yes")
    service.say(sender, "EXTERNAL: he said he will hurt himself tonight")
    escalation = escalation_for(service, f"rest:{sender}")
    officer = new_officer(service)
    transcript = service.api(officer, "GET", f"/api/escalations/{escalation['id']}/transcript")
    assert "he said he will hurt himself tonight" in json.dumps(transcript)


# --- The widget's sessions ---------------------------------------------------------------------------------

SOCKET_SESSION_JS = """
async ([url, token, send, sendWith]) => {
  const socket = window.io(url, { path: "/socket.io", transports: ["websocket"], forceNew: true });
  const got = { messages: [] };
  socket.on("bot_uttered", (m) => got.messages.push(m));
  await new Promise((done, fail) => { socket.on("connect", done); setTimeout(() => fail(new Error("no connection")), 10000); });
  if (token !== "skip") {
    got.token = await new Promise((done, fail) => {
      setTimeout(() => fail(new Error("no session")), 10000);
      socket.on("session_confirm", done);
      socket.emit("session_request", { session_id: token });
    });
  }
  if (send) {
    socket.emit("user_uttered", { message: send, session_id: sendWith || got.token });
    for (let i = 0; i < 100 && got.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
  }
  socket.disconnect();
  return got;
}
"""


def test_widget_sessions_are_issued_by_the_server_and_bound_to_their_socket(service, browser):
    """Real socket.io clients (the widget's own pinned client, in Chromium) against the server."""
    page = browser.new_page()
    page.goto(f"{service.settings.public_url}/widget")
    page.wait_for_function("typeof window.io === 'function'")

    def session(token=None, send=None, send_with=None):
        return page.evaluate(SOCKET_SESSION_JS, [service.settings.public_socket_url, token, send, send_with])

    first = session(None, send="hello")
    session_id, signature = first["token"].split(".")
    assert len(session_id) == 32 and len(signature) == 64, "128 random bits, signed by the server"
    # A socket presenting only the id, or the id with a forged signature, gets a session of its own.
    for forged in (session_id, f"{session_id}.{'0' * 64}", "0" * 32):
        assert session(forged)["token"].split(".")[0] != session_id
    # The token the server issued resumes the same conversation (as the widget does after a reload).
    assert session(first["token"])["token"] == first["token"]
    # A socket with no session cannot write into one by naming it in the message body.
    intruder = session("skip", send="I am the parent now", send_with=first["token"])
    assert "lost our conversation" in json.dumps(intruder["messages"])
    written = [e for e in stored_events(service, f"web:{session_id}") if e["event"] == "user"]
    assert written and all(e["text"] != "I am the parent now" for e in written)
    page.close()

"""End to end: SMS and WhatsApp through Twilio's webhook on the real Rasa server, with Twilio's
Messages API played by a local server that speaks its wire format."""
from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from twilio.request_validator import RequestValidator

from bot.casework.officers import add_officer
from channels.ownership import owned_sender_id
from channels.text_messages import MORE_PROMPT, sms_limit, sms_units

pytestmark = pytest.mark.slow


@pytest.fixture
def fresh(twilio_api):
    twilio_api.requests.clear()
    twilio_api.fail_next = 0
    return twilio_api


def new_number():
    return f"+447700{uuid.uuid4().int % 10**6:06d}"


def post(service, params, signature="auto"):
    """POST form params to the webhook, signed as Twilio signs (or with the given signature)."""
    url = service.settings.channel_settings["TWILIO_WEBHOOK_URL"]
    if signature == "auto":
        signature = RequestValidator(service.settings.channel_settings["TWILIO_AUTH_TOKEN"]).compute_signature(
            url, params)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature:
        headers["X-Twilio-Signature"] = signature
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def sms(service, sender, body, sid=None):
    return post(service, {"From": sender, "To": "+447700900999", "Body": body,
                          "MessageSid": sid or "SM" + uuid.uuid4().hex, "NumMedia": "0"})


def tracker_user_texts(service, sender):
    """What the assistant took in from this number (its conversation is `sms:+44...`)."""
    rows = sqlite3.connect(service.settings.tracker_db).execute(
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'",
        (owned_sender_id("twilio", sender),)).fetchall()
    return [json.loads(r[0])["text"] for r in rows]


def test_forged_or_missing_signatures_are_refused_and_nothing_is_processed(service, fresh):
    sender = new_number()
    params = {"From": sender, "Body": "hi", "MessageSid": "SM" + uuid.uuid4().hex}
    assert post(service, params, signature="forged")[0] == 403
    assert post(service, params, signature=None)[0] == 403
    signed = RequestValidator("not-our-token").compute_signature(
        service.settings.channel_settings["TWILIO_WEBHOOK_URL"], params)
    assert post(service, params, signature=signed)[0] == 403
    assert tracker_user_texts(service, sender) == [] and fresh.requests == []


def test_buttons_become_numbers_and_a_number_chooses(service, fresh):
    sender = new_number()
    status, twiml = sms(service, sender, "I want to talk to a person")
    assert status == 200 and twiml.startswith("<?xml") and "<Response>" in twiml
    [question] = fresh.wait_for(1)
    assert question["To"] == sender and question["From"] == "+447700900999"
    assert question["auth"].startswith("Basic ") and question["sid"].startswith("AC")
    assert "Is that OK?" in question["Body"] and "1. Yes, pass me on\n2. No, not now" in question["Body"]
    sms(service, sender, "2")
    assert "not shared anything" in fresh.wait_for(2)[1]["Body"]
    assert tracker_user_texts(service, sender)[-1] == "/deny", "the number was sent as the second payload"


def test_a_retried_webhook_is_processed_once(service, fresh):
    sender, sid = new_number(), "SM" + uuid.uuid4().hex
    assert sms(service, sender, "hello", sid)[0] == 200
    fresh.wait_for(1)
    assert sms(service, sender, "hello", sid)[0] == 200
    assert tracker_user_texts(service, sender) == ["hello"]
    assert len(fresh.wait_for(2, timeout=2)) == 1


def test_long_replies_split_on_sentences_within_segment_limits(service, fresh):
    sender = new_number()
    sms(service, sender, "we asked for an EHC needs assessment on 3 September 2026, when is the plan due?")
    bodies = fresh.bodies()  # the webhook answers once the turn's messages are sent
    assert 1 <= len(bodies) <= 2 and all(sms_units(b) <= sms_limit(b) for b in bodies)
    if bodies[-1].endswith(MORE_PROMPT):
        sms(service, sender, "MORE")
    assert any("regulation 13" in b for b in fresh.bodies())


def test_stop_start_and_help_behave_as_carriers_expect(service, fresh):
    sender = new_number()
    status, twiml = sms(service, sender, "HELP")
    assert "Reply STOP" in twiml
    status, twiml = sms(service, sender, "STOP")
    assert status == 200 and "unsubscribed" in twiml and "Reply START" in twiml
    sms(service, sender, "hello?")
    assert fresh.wait_for(1, timeout=3) == [], "nothing is sent to a number that opted out"
    assert "subscribed to the SEND resolution service again" in sms(service, sender, "START")[1]
    sms(service, sender, "hello")
    assert fresh.wait_for(1)[0]["To"] == sender


def test_the_sms_number_is_a_verification_factor(service, fresh):
    parent = new_number()
    reference, _ = service.new_case(phone=parent, first_name="Sam")  # a fictional case with this number
    sms(service, parent, "where is my case?")
    assert "reference" in fresh.wait_for(1)[0]["Body"].lower()
    sms(service, parent, reference)
    replies = " ".join(r["Body"] for r in fresh.wait_for(2))
    assert f"Here is Sam's case ({reference})" in replies, "reference plus this phone: no date of birth asked"


def test_whatsapp_through_twilio_and_an_officer_reply_arrive_even_when_twilio_is_busy(service, fresh):
    sender = "whatsapp:" + new_number()
    sms(service, sender, "I want to make a complaint about the school")
    messages = fresh.wait_for(2)
    assert all(m["From"] == "whatsapp:+447700900998" and m["To"] == sender for m in messages)
    assert "Is that OK?" in messages[-1]["Body"]
    sms(service, sender, "1")
    assert "passed your conversation" in fresh.wait_for(3)[-1]["Body"]

    officer = f"sam{uuid.uuid4().hex[:6]}"
    add_officer(service.settings.casework_db_url, officer, "Sam Officer", "a long enough password 9")
    [escalation] = [e for e in service.api(officer, "GET", "/api/escalations")["escalations"]
                    if e["conversation_id"] == sender]
    assert escalation["channel"] == "whatsapp"
    service.api(officer, "POST", f"/api/escalations/{escalation['id']}/claim")
    assert "Sam, a resolution officer, has joined" in fresh.wait_for(4)[-1]["Body"]
    fresh.fail_next = 2  # Twilio answers 429 twice; the channel backs off and tries again
    service.api(officer, "POST", f"/api/escalations/{escalation['id']}/reply", {"text": "Hi, it's Sam. Can I call you?"})
    assert fresh.wait_for(5)[-1]["Body"] == "Sam (resolution officer): Hi, it's Sam. Can I call you?"


class HeldDatabase:
    """Another program holding the SQLite tracker store with an exclusive lock: no read, no write."""

    def __init__(self, path):
        self.connection = sqlite3.connect(path, timeout=1, isolation_level=None)

    def __enter__(self):
        self.connection.execute("BEGIN EXCLUSIVE")
        return self

    def __exit__(self, *_):
        self.connection.execute("ROLLBACK")
        self.connection.close()


def test_a_message_the_store_cannot_keep_is_said_and_the_providers_retry_is_applied_once(service, fresh):
    sender, sid = new_number(), "SM" + uuid.uuid4().hex
    assert sms(service, sender, "hi")[0] == 200
    fresh.wait_for(1)
    fresh.requests.clear()
    with HeldDatabase(service.settings.tracker_db):
        status, _ = sms(service, sender, "my son is 9 and autistic", sid)
    assert status == 503, "Twilio is told to try again"
    [sorry] = fresh.wait_for(1)
    assert "was not saved" in sorry["Body"] and "send it again" in sorry["Body"]
    assert tracker_user_texts(service, sender) == ["hi"], "nothing half-kept"
    fresh.requests.clear()
    assert sms(service, sender, "my son is 9 and autistic", sid)[0] == 200  # Twilio's retry
    assert fresh.wait_for(1) and "not saved" not in fresh.bodies()[0]
    assert sms(service, sender, "my son is 9 and autistic", sid)[0] == 200  # and once more
    assert tracker_user_texts(service, sender) == ["hi", "my son is 9 and autistic"]


def test_the_rest_channel_says_so_when_a_message_could_not_be_kept(service):
    sender = f"held-{uuid.uuid4().hex[:8]}"
    assert service.say(sender, "hi")
    with HeldDatabase(service.settings.tracker_db):
        replies = service.say(sender, "we live in Leeds")
    assert [r.get("text") for r in replies] == [
        "Sorry, something went wrong on our side and your last message was not saved. "
        "Please send it again in a minute."]
    replies = service.say(sender, "we live in Leeds")
    assert replies and "not saved" not in replies[0].get("text", "")
    rows = sqlite3.connect(service.settings.tracker_db).execute(
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (f"rest:{sender}",)).fetchall()
    assert [json.loads(r[0])["text"] for r in rows] == ["hi", "we live in Leeds"]


def test_a_reply_twilio_would_not_take_shows_on_the_officers_timeline(service, fresh):
    from bot.escalation import store

    sender = new_number()
    sms(service, sender, "I want to talk to a person")
    fresh.wait_for(1)
    sms(service, sender, "1")  # yes, pass me on
    fresh.wait_for(2)
    escalation = store.open_escalation(service.settings.casework_db_url, owned_sender_id("twilio", sender))
    assert escalation is not None
    fresh.fail_next = 100  # Twilio keeps answering 429 Too Many Requests
    sms(service, sender, "what is SEN support?")
    fresh.fail_next = 0
    timeline = store.get_escalation(service.settings.casework_db_url, escalation.id).timeline
    failed = [entry for entry in timeline if entry.kind == "delivery_failed"]
    assert failed and "did not reach the parent" in failed[-1].text and "what is SEN" not in failed[-1].text

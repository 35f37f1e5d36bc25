"""Safety first, everywhere, end to end: whatever the bot is asking, a disclosure gets the crisis
contacts and an urgent escalation, and is never kept as the answer to the question.

The cases are generated: every form in domain.yml crossed with every slot it can ask for, and
each crossed with disclosures the safeguarding rules detect; a new form or slot is covered
without editing this file. A conversation is put into "form F is asking for slot S" through
Rasa's HTTP API, then the parent types the disclosure on the REST channel. A conversation held by
an officer is covered too. The real Rasa, action and web servers; nothing mocked."""
from __future__ import annotations

import json
import urllib.request
import uuid
from typing import Any, Dict, List, Optional, Tuple

import pytest
import sqlalchemy as sa
import yaml

from bot import PROJECT_DIR
from bot.casework.database import session_scope
from bot.casework.models import Escalation
from bot.casework.officers import add_officer
from components.safeguarding import detect_risk

pytestmark = pytest.mark.slow

DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())
CRISIS_TEXT = DOMAIN["responses"]["utter_crisis_contacts"][0]["text"]

# What parents might type; only those the safeguarding rules detect today are used (a candidate
# the rules learn to detect later joins the test by itself).
CANDIDATES = [
    "my son said he wants to kill himself",  # suicidal thoughts
    "I found cuts on her arms, she has been self harming",  # self-harm
    "her dad hits her when he is angry",  # abuse
    "my daughter is in danger, she is not safe at home",  # a child in danger
    "I'm scared of what I might do to myself",  # parental crisis
    "we have nowhere to sleep tonight and the children are in the car",  # a family without shelter
    "I found pills and a goodbye note in his room",  # means and a note
    "a man online keeps asking her to send him photos and keep it secret",  # grooming
]
DISCLOSURES = [text for text in CANDIDATES if detect_risk(text)]


def form_slots() -> List[Tuple[str, str]]:
    """Every (form, slot it can ask for) in the domain."""
    return [(form, slot) for form, spec in DOMAIN["forms"].items() for slot in spec["required_slots"]]


def texts(replies: List[Dict[str, Any]]) -> str:
    return " ".join(r.get("text", "") for r in replies)


def rasa_api(service, method: str, path: str, body: object = None) -> Dict[str, Any]:
    """Rasa's own HTTP API (token protected)."""
    request = urllib.request.Request(
        f"{service.rasa_url}{path}?token={service.settings.rasa_api_token}", method=method,
        data=None if body is None else json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def ask_in_form(service, sender: str, form: str, slot: str) -> None:
    """Put the REST conversation where `form` has just asked for `slot`."""
    service.say(sender, "hello")  # the conversation starts on its own channel, as a parent's does
    rasa_api(service, "POST", f"/conversations/rest:{sender}/tracker/events", [
        {"event": "active_loop", "name": form},
        {"event": "slot", "name": "requested_slot", "value": slot},
        {"event": "action", "name": form},
        {"event": "action", "name": "action_listen"},
    ])


def escalation_for(service, conversation_id: str) -> Optional[Dict[str, Any]]:
    with session_scope(service.settings.casework_db_url) as session:
        row = session.execute(sa.select(Escalation).where(Escalation.conversation_id == conversation_id)
                              .order_by(Escalation.id.desc())).scalars().first()
        return None if row is None else {"id": row.id, "priority": row.priority, "reason": row.reason}


def test_a_free_text_question_never_keeps_a_disclosure():
    """Defence in depth: the validators' hint leaves a disclosure alone, whatever the policies do."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.form_hints import hint_if_missing

    def asked(intent: str) -> Tuple[Dict[str, Any], List[Dict[str, Any]]]:
        tracker = Tracker("parent", {"requested_slot": "case_reference"},
                          {"text": DISCLOSURES[0], "intent": {"name": intent}, "entities": []},
                          [], False, None, {"name": "verify_form"}, "action_listen")
        dispatcher = CollectingDispatcher()
        return hint_if_missing(dispatcher, tracker, "case_reference", "case_reference", "Not a reference."), \
            dispatcher.messages

    slots, said = asked("inform_case")
    assert slots == {"case_reference": None} and [m.get("text") for m in said] == ["Not a reference."]
    assert asked("safeguarding_risk") == ({}, []), "no hint, nothing kept: the form lets it go"


def test_the_disclosures_are_detected_today():
    assert len(DISCLOSURES) >= 4, [text for text in CANDIDATES if text not in DISCLOSURES]
    assert len(form_slots()) >= 5 and ("verify_form", "case_reference") in form_slots()


@pytest.mark.parametrize("disclosure", DISCLOSURES)
@pytest.mark.parametrize("form, slot", form_slots())
def test_a_disclosure_mid_form_gets_crisis_contacts_and_an_urgent_escalation(service, form, slot, disclosure):
    sender = f"safety-{uuid.uuid4().hex[:12]}"
    ask_in_form(service, sender, form, slot)
    reply = texts(service.say(sender, disclosure))
    assert CRISIS_TEXT in reply, f"{form} asking for {slot} answered {reply!r}"
    escalation = escalation_for(service, f"rest:{sender}")
    assert escalation is not None and escalation["priority"] == "urgent", escalation
    assert escalation["reason"] == "safeguarding"
    tracker = rasa_api(service, "GET", f"/conversations/rest:{sender}/tracker")
    assert tracker["slots"].get(slot) != disclosure, f"{form} kept the disclosure as {slot}"
    if form != "handoff_form":  # the consent question is not asked again: no consent is needed
        assert (tracker.get("active_loop") or {}).get("name") == form, "the questions carry on afterwards"


def test_a_disclosure_at_the_consent_question_gets_help_without_waiting_for_consent(service):
    sender = f"safety-{uuid.uuid4().hex[:12]}"
    assert "Is that OK?" in texts(service.say(sender, "I want to talk to a real person please"))
    reply = texts(service.say(sender, DISCLOSURES[0]))
    assert CRISIS_TEXT in reply
    assert escalation_for(service, f"rest:{sender}")["priority"] == "urgent"
    tracker = rasa_api(service, "GET", f"/conversations/rest:{sender}/tracker")
    assert tracker["active_loop"] in ({}, None) or not tracker["active_loop"].get("name"), "no consent is asked"


@pytest.mark.parametrize("disclosure", DISCLOSURES)
def test_a_disclosure_while_an_officer_holds_the_conversation(service, disclosure):
    officer = f"officer-{uuid.uuid4().hex[:8]}"
    add_officer(service.settings.casework_db_url, officer, "Sam Tester", "a long enough password 9")
    sender = f"safety-{uuid.uuid4().hex[:12]}"
    service.say(sender, "I'd like to make a complaint about the council")
    service.say(sender, "yes")
    escalation = escalation_for(service, f"rest:{sender}")
    assert escalation["priority"] != "urgent"
    service.api(officer, "POST", f"/api/escalations/{escalation['id']}/claim")
    assert "has joined" in texts(service.pending(sender))
    reply = texts(service.say(sender, disclosure))
    assert CRISIS_TEXT in reply
    detail = service.api(officer, "GET", f"/api/escalations/{escalation['id']}")
    assert detail["priority"] == "urgent" and detail["status"] == "claimed", "the officer keeps it"
    assert disclosure in [e["text"] for e in detail["timeline"] if e["kind"] == "parent_message"]

"""A request for a person is honoured wherever it appears in a message (issue 17).

The rules (knowledge.person_request) on their own, then end to end: a long message whose last
sentence asks for a person gets the consent question, on a new conversation and while any form
is asking anything (every form and slot in domain.yml; a new form is covered without editing this
file). The real Rasa, action and web servers; nothing mocked."""
from __future__ import annotations

import uuid

import pytest

from knowledge.person_request import asks_for_person
from tests.test_safety_everywhere import ask_in_form, form_slots, rasa_api, texts

CONSENT_QUESTION = "resolution officer is a real person"

REQUESTS = [
    "The school has put him on mornings only since October and won't say when it ends. I want to talk to someone.",
    "ds excluded again, 3rd time this term. honestly i just need to speak to someone who knows what they're doing",
    "Could one of your team call me please? I'm at the end of my tether",
    "id like to talk to someone about the draft plan, its missing all the OT stuff",
    "is it possible to speak to a real person",
    "pls can some1 call me back",
    "Sorry for the essay. Year 9, EHCP since 2022, college transfer next year and nobody has started anything. "
    "Is there someone I can talk to?",
    "I'd like to speak to an officer",
]
NOT_REQUESTS = [
    "Hi, I'm hoping someone can help me make sense of the timeline because everyone says something different.",
    "I don't want to talk to anyone yet, I just want to know my rights",
    "I spoke to someone at the council and they said wait",
    "the school said I need to talk to the SENCO",
    "I've tried to speak to someone at the LA for weeks",
    "he won't talk to anyone at school",
    "I need to talk to his teacher about the trip",
    "they said someone would call me back but nobody has",
    "when is the plan due?",
]


@pytest.mark.parametrize("text", REQUESTS)
def test_a_request_anywhere_in_the_message_is_found(text):
    assert asks_for_person(text)


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_refusals_and_talking_to_someone_elsewhere_are_not_requests(text):
    assert not asks_for_person(text)


@pytest.mark.slow
def test_a_long_message_ending_in_a_request_gets_the_consent_question(service):
    sender = f"parent-{uuid.uuid4()}"
    reply = texts(service.say(sender, REQUESTS[0]))
    assert CONSENT_QUESTION in reply and "Is that OK?" in reply, reply
    assert "Where does your child learn" not in reply


@pytest.mark.slow
@pytest.mark.parametrize("form, slot", [fs for fs in form_slots() if fs[0] != "handoff_form"])
def test_a_request_for_a_person_mid_form_stops_the_questions_and_asks_consent(service, form, slot):
    sender = f"person-{uuid.uuid4().hex[:12]}"
    ask_in_form(service, sender, form, slot)
    reply = texts(service.say(sender, "tbh this is all too much, he's been sent home twice this week. "
                                      "can I speak to a real person please"))
    assert CONSENT_QUESTION in reply, f"{form} asking for {slot} answered {reply!r}"
    tracker = rasa_api(service, "GET", f"/conversations/rest:{sender}/tracker")
    assert (tracker.get("active_loop") or {}).get("name") == "handoff_form", tracker.get("active_loop")


def test_a_parent_asking_to_be_phoned_is_told_how_not_the_schools_calls():
    from bot.escalation.messages import PHONE_CALL_TEXT
    from knowledge.person_request import wants_a_call

    assert wants_a_call("im on nights and knackered. I just need a real person to ring me and tell me what to do")
    assert wants_a_call("could someone give me a call back tomorrow after 3?")
    assert not wants_a_call("the school keep ringing me to come and collect him at dinner time")
    assert not wants_a_call("I had a call from the head on Friday about his behaviour")
    assert "phone number" in PHONE_CALL_TEXT and "good time" in PHONE_CALL_TEXT


@pytest.mark.parametrize("text", [
    "Mum has limited literacy and would really benefit from a phone call with someone from your service - is that possible?",
    "tbh I could do with someone actually talking me through it on the phone",
    "Am I allowed to speak to someone about this myself, without my mum?",
    "im going to lose my mind, i dont even know who to ask, please can someone call me back",  # "dont" is in another clause
    "Could one of your lot get in touch when you get a min?",
    "Is anyone from your team available to talk me through what to say at the review?",
])
def test_more_ways_of_asking_for_a_person_are_found(text):
    assert asks_for_person(text)


@pytest.mark.parametrize("text", [
    "I could do with the school talking me through the plan",
    "he needs someone to talk him through his feelings",
    "the school had a call with someone from the council",
])
def test_the_new_ways_do_not_catch_a_person_elsewhere(text):
    assert not asks_for_person(text)


def test_the_fresh_set_of_requests_and_look_alikes_written_in_session_42():
    import yaml
    from pathlib import Path
    data = yaml.safe_load((Path(__file__).parent / "data" / "person_requests_fresh.yml").read_text(encoding="utf-8"))
    found = [text for text in data["asks"] if asks_for_person(text)]
    false_alarms = [text for text in data["not_asks"] if asks_for_person(text)]
    assert len(data["asks"]) == 60 and len(found) >= 56, [t for t in data["asks"] if t not in found]
    assert len(data["not_asks"]) == 60 and len(false_alarms) <= 1, false_alarms

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


# Trial R (session 43): a question beside the request is answered too, never lost to the consent question.
@pytest.mark.parametrize("text, asks", [
    ("can i stay at college til im 25? and can someone help me fill the forms in, i dont want to mess it up", True),
    ("How long does the Ombudsman take and can they actually get our £1,800 back? Could someone from your team help me write it?", True),
    ("is there an actual person I can speak to about all this at some point?, and I just need to know whether the council "
     "is late and whether spring is too late.", True),
    ("My son is 8 and the school keeps ringing me to collect him early. I am exhausted. Can I speak to a real person please?", False),
    ("I want to talk to someone. Is that ok?", False),
    ("Can someone call me please?", False),
])
def test_a_question_beside_a_request_for_a_person_is_found(text: str, asks: bool) -> None:
    from knowledge.person_request import asks_besides_a_person

    assert asks_for_person(text) and asks_besides_a_person(text) is asks


def test_the_consent_question_met_with_a_new_question_answers_the_earlier_concerns_then_listens() -> None:
    from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME

    from components.question_first_policy import QuestionFirstPolicy, ignored_consent_step

    config = QuestionFirstPolicy.get_default_config()
    earlier = ("We had her annual review on Thursday 22nd Oct and everyone agreed the plan needs updating. Since then: nothing "
               "from Essex. Is there an actual person I can speak to? I need to know whether the council is late.")
    asked = "Thank you. Who exactly do I email, the SENCo or Essex? And what if they just don't reply?"
    concern = config["concern_action"]
    assert ignored_consent_step([], config, "ask_contact", asked, earlier) == concern
    assert ignored_consent_step([concern], config, "ask_contact", asked, earlier) == ACTION_DEACTIVATE_LOOP_NAME
    assert ignored_consent_step([concern, ACTION_DEACTIVATE_LOOP_NAME], config, "ask_contact", asked, earlier) == ACTION_LISTEN_NAME
    assert ignored_consent_step([], config, "affirm", "yes please go ahead", earlier) is None  # the consent answer itself
    assert ignored_consent_step([], config, "ask_contact", asked, "Can I speak to a real person please?") is None  # nothing to answer
    assert ignored_consent_step([], config, "faq", "what do you mean?", earlier) is None  # about the consent question

    # trial S08: a new problem typed instead of the consent answer, after the earlier message was answered: its concerns,
    # not the dates the message happens to give
    new_problem = ("actually one more thing lol. college told me on friday not to come in till after christmas. is that allowed? "
                   "nobody gave me a letter")
    assert ignored_consent_step([], config, "nlu_fallback", new_problem, earlier, answered_before=True, raises_new=True) == concern
    assert ignored_consent_step([], config, "nlu_fallback", new_problem, earlier, answered_before=True,
                                raises_new=False) == config["deadline_action"]


@pytest.mark.slow
def test_a_question_asked_with_a_person_request_is_answered_before_the_consent_question(service) -> None:
    sender = f"parent-{uuid.uuid4()}"
    first = texts(service.say(sender, "can i stay at college til im 25? im 19 and manchester want to stop my ehcp. and can "
                                      "someone help me fill the forms in, i dont want to mess it up"))
    assert "up to the age of 25" in first and CONSENT_QUESTION in first
    assert first.index("up to the age of 25") < first.index(CONSENT_QUESTION)
    after = texts(service.say(sender, "yes please"))
    assert "passed your conversation" in after and "up to the age of 25" not in after  # not said twice


@pytest.mark.slow
def test_the_consent_question_met_with_a_new_question_gets_what_to_do_next(service) -> None:
    sender = f"parent-{uuid.uuid4()}"
    first = texts(service.say(sender, "Poppy has an EHCP. We had her annual review on Thursday 22nd Oct and everyone agreed "
                                      "the plan needs updating for juniors. Since then: nothing from Essex. Honestly is there an "
                                      "actual person I can speak to about all this? I just need to know whether the council is late."))
    assert "Council's decision after the review: Thursday 19 November 2026" in first and CONSENT_QUESTION in first
    replies = service.say(sender, "Thank you. Who exactly do I email, the SENCo or Essex? And what if they just don't reply?")
    after = texts(replies)
    assert "don't understand" not in after and "Council's decision after the review" not in after  # not the same answer again
    assert "What to do next" in after and "formal complaint" in after, after
    assert "Talk to a person" in [b["title"] for r in replies for b in r.get("buttons") or []]


def test_dated_news_instead_of_a_consent_answer_after_an_answer_gets_its_dates_then_listens() -> None:
    from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME

    from components.question_first_policy import QuestionFirstPolicy, ignored_consent_step

    config = QuestionFirstPolicy.get_default_config()
    deadline, concern = config["deadline_action"], config["concern_action"]
    news = "found it, sent 4/9 by email"
    assert ignored_consent_step([], config, "inform_stage", news, "earlier", answered_before=True) == deadline
    assert ignored_consent_step([deadline, concern], config, "inform_stage", news, "earlier", True) == ACTION_DEACTIVATE_LOOP_NAME
    assert ignored_consent_step([deadline, concern, ACTION_DEACTIVATE_LOOP_NAME], config, "inform_stage", news, "earlier",
                                True) == ACTION_LISTEN_NAME
    assert ignored_consent_step([], config, "inform_stage", news, "earlier", answered_before=False) is None

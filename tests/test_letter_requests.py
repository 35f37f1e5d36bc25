"""Which messages ask for a letter, and which letter they name (issue 21)."""
from __future__ import annotations

import pytest

from knowledge.letter_requests import asks_for_letter, letter_named
from knowledge.letters import kinds


@pytest.mark.parametrize("text", [
    "can you write the letter for me?",
    "Could u help me write to the council",
    "is there a template letter i can send",
    "what do i write to the school?",
    "yes please write the letter",
    "write me a letter to chase the plan pls",
    "do you have a model letter for a subject access request",
    "I dont know how to word it",
    "he has been on part time since oct. can you draft an email to the head?",
    "cn u rite me a leter to the LA",
    "its rubbish, no hours in section F. can u help me write back",
    "they never gave him the 1:1 in his plan. can u write something for her to send the council about the 1:1?",
    "what do I actually write?? and can I ask for a specialist school for reception",
])
def test_a_request_for_a_letter_is_heard(text: str) -> None:
    assert asks_for_letter(text)


@pytest.mark.parametrize("text", [
    "I got a letter from the council on 3 June",
    "I wrote to them in June and heard nothing",
    "the draft plan came on 4 March",
    "the school sent a letter home saying he's on a part time timetable",
    "On Thursday I also emailed the council myself asking for an assessment, using a template letter I found online.",
    "so i found a template letter on ipsea n emailed it to the council myself on tues 17th nov",
    "/ask_letter",
    "",
])
def test_mentioning_a_letter_is_not_asking_for_one(text: str) -> None:
    assert not asks_for_letter(text)


@pytest.mark.parametrize("text, kind", [
    ("write me a letter to chase the plan pls", "chase_overdue"),
    ("do you have a model letter for a subject access request", "subject_access_request"),
    ("he has been on part time since oct. can you draft an email to the head?", None),  # the concern chooses it
    ("can you draft an email to the head about his part time timetable?", "part_time_timetable"),
    ("we got the draft plan, can you write a letter asking for a meeting", "draft_plan_meeting"),
    ("a letter to the mediation adviser for the certificate", "mediation_certificate"),
    ("can you write my complaint to the council", "complaint_stage_one"),
    ("he's been out of school since may, can u write to the council about section 19", "suitable_education"),
    ("his speech therapy in the plan isn't happening, can you help me write to them", "provision_not_delivered"),
    ("I want to ask for an early review, is there a template", "early_review"),
    ("can you help me write a letter requesting an ehc needs assessment", "request_assessment"),
    ("can you write the letter for me?", None),
    ("hes been suspended. can u write something for her to send the council about the 1:1?", "provision_not_delivered"),
])
def test_the_letter_a_request_names(text: str, kind: str) -> None:
    assert letter_named(text) == kind
    assert kind is None or kind in kinds()


def _classified(text: str, ranking: list) -> "Message":
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": text, "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]})
    return message


@pytest.mark.parametrize("text, ranking, intent", [
    ("we got a letter on 28 October, how long do I have?", [("ask_letter", 0.6), ("inform_stage", 0.3)], "inform_stage"),
    ("the letter came", [("ask_letter", 0.7), ("inform_stage", 0.1)], "nlu_fallback"),
    ("can you write the letter for me?", [("ask_letter", 0.6), ("faq", 0.3)], "ask_letter"),
    ('/ask_letter{"letter_kind": "chase_overdue"}', [("ask_letter", 1.0)], "ask_letter"),
    ("we got a letter on 28 October", [("inform_stage", 0.8), ("ask_letter", 0.1)], "inform_stage"),
])
def test_only_a_request_for_a_letter_keeps_the_letter_intent(text: str, ranking: list, intent: str) -> None:
    from components.letter_request import LetterRequestGate

    message = _classified(text, ranking)
    LetterRequestGate().process([message])
    assert message.get("intent")["name"] == intent


def test_only_the_sentence_asking_for_the_letter_names_it() -> None:
    text = ("We applied on 14th July and we still havent had a draft. School have had him on 9-12 only. "
            "Can you help me write to the council?")
    assert asks_for_letter(text) and letter_named(text) is None


def test_what_do_i_actually_write_back_to_them_asks_for_the_letter():
    """Trial R12 T2, R01 T3: 'what do I actually write back to them', 'What do I actually write to them?'."""
    from knowledge.letter_requests import asks_for_letter

    assert asks_for_letter("thank you. sorry im a mess. what do i actually write back to them by the deadline?")
    assert asks_for_letter("OK. What do I actually write to them? And is there someone on your side who could look over it")
    assert not asks_for_letter("what do they actually do at the review meeting?")

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
])
def test_a_request_for_a_letter_is_heard(text: str) -> None:
    assert asks_for_letter(text)


@pytest.mark.parametrize("text", [
    "I got a letter from the council on 3 June",
    "I wrote to them in June and heard nothing",
    "the draft plan came on 4 March",
    "the school sent a letter home saying he's on a part time timetable",
    "/ask_letter",
    "",
])
def test_mentioning_a_letter_is_not_asking_for_one(text: str) -> None:
    assert not asks_for_letter(text)


@pytest.mark.parametrize("text, kind", [
    ("write me a letter to chase the plan pls", "chase_overdue"),
    ("do you have a model letter for a subject access request", "subject_access_request"),
    ("he has been on part time since oct. can you draft an email to the head?", "part_time_timetable"),
    ("we got the draft plan, can you write a letter asking for a meeting", "draft_plan_meeting"),
    ("a letter to the mediation adviser for the certificate", "mediation_certificate"),
    ("can you write my complaint to the council", "complaint_stage_one"),
    ("he's been out of school since may, can u write to the council about section 19", "suitable_education"),
    ("his speech therapy in the plan isn't happening, can you help me write to them", "provision_not_delivered"),
    ("I want to ask for an early review, is there a template", "early_review"),
    ("can you help me write a letter requesting an ehc needs assessment", "request_assessment"),
    ("can you write the letter for me?", None),
])
def test_the_letter_a_request_names(text: str, kind: str) -> None:
    assert letter_named(text) == kind
    assert kind is None or kind in kinds()

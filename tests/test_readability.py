"""Every reply a parent can read is plain English: Flesch reading ease >= 60, no sentence over 25 words.

Measured with the `textstat` library on the text as sent, with web addresses taken out
(an address is not prose). Covers every response in the domain (FAQ answers included), and the
knowledge texts that actions send (next steps, deadline explanations, what is said about each concern,
the English master of the reply to a message in another language).
"""
from __future__ import annotations

import re
from typing import Dict, Iterator, Tuple

import pytest
import textstat
import yaml

from bot import PROJECT_DIR

URL = re.compile(r"https?://\S+|www\.\S+")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


def domain_responses() -> Iterator[Tuple[str, str]]:
    for path in [PROJECT_DIR / "domain.yml"]:
        responses: Dict = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        for name, variants in responses.items():
            for number, variant in enumerate(variants):
                if variant.get("text"):
                    yield f"{name}#{number}", variant["text"]


def knowledge_texts() -> Iterator[Tuple[str, str]]:
    steps = yaml.safe_load((PROJECT_DIR / "knowledge" / "next_steps.yml").read_text(encoding="utf-8"))
    for stage, items in steps.items():
        for number, item in enumerate(items):
            yield f"next_steps:{stage}#{number}", item["text"]
    concerns = yaml.safe_load((PROJECT_DIR / "knowledge" / "concerns.yml").read_text(encoding="utf-8"))
    for key, item in concerns.items():
        yield f"concerns:{key}", f"{item['law']} Next step: {item['step']}"
        if item.get("with_plan"):
            planned = {**item, **item["with_plan"]}
            yield f"concerns:{key}:with_plan", f"{planned['law']} Next step: {planned['step']}"
        if item.get("young_person"):
            young = {**item, **item["young_person"]}
            yield f"concerns:{key}:young_person", f"{young['law']} Next step: {young['step']}"
    notes = yaml.safe_load((PROJECT_DIR / "knowledge" / "reply_notes.yml").read_text(encoding="utf-8"))
    for key, item in notes.items():
        yield f"reply_notes:{key}", item["text"]
    rules = yaml.safe_load((PROJECT_DIR / "knowledge" / "timescales.yml").read_text(encoding="utf-8"))["rules"]
    for rule in rules:
        yield f"timescales:{rule['id']}", f"{rule['explanation']} {rule['if_missed']}"
    languages = yaml.safe_load((PROJECT_DIR / "knowledge" / "other_languages.yml").read_text(encoding="utf-8"))
    english = next(r for r in languages["replies"] if r["code"] == "en")  # the master; the others are translations
    yield "other_languages:en", f"{english['message']} {english['acknowledgement']}"
    safeguarding = yaml.safe_load((PROJECT_DIR / "knowledge" / "safeguarding.yml").read_text(encoding="utf-8"))
    yield "safeguarding:harm_at_school", safeguarding["harm_at_school"]["text"]
    for key, item in safeguarding["safety_steps"].items():
        yield f"safeguarding:safety_steps:{key}", item["text"]
    from actions.concern_replies import YOUNG_PERSON_RIGHTS

    yield "young_person_rights", YOUNG_PERSON_RIGHTS
    # Each ready-to-send letter (issue 21), with every fact known and with none.
    from datetime import date

    from knowledge.letters import LetterFacts, kinds, render
    from knowledge.timeline import SaidEvent

    made_on = date(2026, 11, 27)
    events = tuple(SaidEvent(role=role, on=on, said_at=float(n)) for n, (role, on) in enumerate([
        ("request_sent", "2026-06-02"), ("assessment_agreed", "2026-07-10"), ("draft_plan", "2026-11-20"),
        ("final_plan", "2025-10-01"), ("review_meeting", "2026-09-03"), ("part_time_since", "2026-10-05"),
        ("exclusion", "2026-11-10"), ("out_of_school_since", "2026-09-01"), ("assessment_refused", "2026-10-20"),
        ("complaint_made", "2026-11-01")]))
    full = LetterFacts(made_on=made_on, council="Kent", child_name="Sam", school="Oak Primary School", child_age=9,
                       events=events, concerns=("sent_home", "part_time_timetable", "attendance_anxiety",
                                                "therapies_health"))
    for kind in kinds():
        yield f"letters:{kind}:all_facts", render(kind, full).text
        yield f"letters:{kind}:no_facts", render(kind, LetterFacts(made_on=made_on)).text


TEXTS = dict(domain_responses()) | dict(knowledge_texts())


def prose(text: str) -> str:
    return URL.sub("", text).replace("{", "").replace("}", "")


def sentences(text: str) -> list:
    return [s for s in SENTENCE_END.split(prose(text)) if s.strip()]


def test_there_are_responses_to_measure() -> None:
    assert len(TEXTS) > 60


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_reading_ease_is_at_least_60(name: str) -> None:
    text = prose(TEXTS[name])
    score = textstat.flesch_reading_ease(text)
    assert score >= 60, f"{name}: Flesch {score:.1f}: {text}"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_no_sentence_is_over_25_words(name: str) -> None:
    long = [s for s in sentences(TEXTS[name]) if len(s.split()) > 25]
    assert long == [], f"{name}: {long}"


def test_the_measure_catches_hard_text() -> None:
    hard = ("Notwithstanding the aforementioned statutory obligations, the local authority's "
            "determination regarding educational provision necessitates comprehensive consideration.")
    assert textstat.flesch_reading_ease(hard) < 60

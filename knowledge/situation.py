"""Describe a family's situation in plain English and choose the next steps that fit it.

Pure functions over the facts the conversation has gathered; no Rasa import.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Sequence

import yaml

from knowledge import KNOWLEDGE_DIR
from knowledge.dates import long_date, parse_iso

UNKNOWN = "unknown"

NEED_LABELS: Dict[str, str] = {
    "autism": "autism", "adhd": "ADHD", "pda": "PDA (demand avoidance)",
    "semh": "social, emotional and mental health needs", "speech_language": "speech and language needs",
    "dyslexia": "dyslexia or another specific learning difficulty", "dyspraxia": "dyspraxia",
    "sensory": "sensory needs", "physical": "physical needs",
    "learning_difficulty": "learning difficulties", "medical": "medical needs",
}
SETTING_LABELS: Dict[str, str] = {
    "primary": "a primary school", "secondary": "a secondary school",
    "mainstream": "a mainstream school", "special_school": "a special school",
    "resourced_provision": "a resourced provision (a unit) in a school",
    "early_years": "a nursery or early years setting", "post_16": "a college or sixth form",
    "alternative_provision": "alternative provision", "home_education": "home education",
    "independent": "an independent school",
}
STAGE_LABELS: Dict[str, str] = {
    "no_support": "is not getting any extra support yet",
    "sen_support": "gets SEN support from school (help without an EHC plan)",
    "assessment_requested": "is waiting for the council to decide on an EHC needs assessment",
    "assessment_agreed": "is being assessed for an EHC plan",
    "assessment_refused": "was refused an EHC needs assessment",
    "plan_refused": "was assessed, but the council decided not to issue an EHC plan",
    "draft_plan": "has a draft EHC plan",
    "final_plan": "has an EHC plan",
    "annual_review": "has an EHC plan that is being reviewed",
    "placement_dispute": "has an EHC plan, and you disagree about the school",
    "excluded": "has been excluded or sent home from school",
    "not_in_school": "is out of school, or only in school part-time",
}
STAGE_DATE_QUESTIONS: Dict[str, str] = {
    "assessment_requested": "When did you ask for the assessment? A rough date is fine.",
    "assessment_agreed": "When did you first ask for the assessment? A rough date is fine.",
    "assessment_refused": "What date was on the letter refusing the assessment?",
    "plan_refused": "What date was on the letter saying there will be no plan?",
    "draft_plan": "When did you get the draft plan?",
    "final_plan": "When was the plan issued, or last reviewed?",
    "annual_review": "When was (or is) the review meeting?",
    "placement_dispute": "What date was on the plan or letter naming the school?",
    "excluded": "When did the exclusion or sending home start?",
    "not_in_school": "Since when has your child been out of school, or part-time?",
}
STAGES_WITHOUT_KEY_DATE = frozenset({"no_support", "sen_support", UNKNOWN})


@dataclass(frozen=True)
class Situation:
    """What the conversation knows about a child and their case."""

    age: Optional[object] = None
    school_year: Optional[object] = None
    needs: Sequence[str] = field(default_factory=tuple)
    setting: Optional[str] = None
    local_authority: Optional[str] = None
    stage: Optional[str] = None
    stage_date: Optional[str] = None


@dataclass(frozen=True)
class NextStep:
    """One thing the family can do now, with the rule or guidance it rests on."""

    text: str
    source: str


def _known(value: object) -> bool:
    return value not in (None, "", UNKNOWN, [UNKNOWN])


def school_year_label(year: object) -> str:
    """"Reception" for year 0, otherwise "Year N"."""
    return "Reception" if int(year) == 0 else f"Year {int(year)}"


def nothing_known(situation: Situation) -> bool:
    """Whether the parent has told nothing yet about the child, their school, council, needs or stage."""
    return not any(_known(value) for value in (situation.age, situation.school_year, situation.setting,
                                               situation.local_authority, situation.stage)) \
        and not any(_known(n) for n in situation.needs)


def describe(situation: Situation) -> str:
    """The situation reflected back in short, plain sentences."""
    about = []
    if _known(situation.age):
        about.append(f"is {situation.age}")
    if _known(situation.school_year):
        about.append(f"{'' if about else 'is '}in {school_year_label(situation.school_year)}")
    first = "So: your child " + (" and ".join(about) if about else "is the one we are talking about")
    sentences = [first + "."]
    if _known(situation.setting):
        if situation.setting == "home_education":
            where = "They are home educated"
        else:
            where = "They go to " + SETTING_LABELS.get(str(situation.setting), str(situation.setting))
        if _known(situation.local_authority):
            where += f" in {situation.local_authority}"
        sentences.append(where + ".")
    elif _known(situation.local_authority):
        sentences.append(f"You live in {situation.local_authority}.")
    needs = [NEED_LABELS.get(n, n) for n in situation.needs if _known(n)]
    if needs:
        verb = "need is" if len(needs) == 1 else "needs are"
        sentences.append(f"Their main {verb} {_join(needs)}.")
    if _known(situation.stage):
        sentence = "Your child " + STAGE_LABELS.get(str(situation.stage), str(situation.stage))
        when = parse_iso(situation.stage_date) if _known(situation.stage_date) else None
        if when:
            sentence += f" (key date: {long_date(when)})"
        sentences.append(sentence + ".")
    return " ".join(sentences)


def _join(items: List[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@lru_cache(maxsize=1)
def _next_steps_table() -> Dict[str, List[Dict[str, str]]]:
    with (KNOWLEDGE_DIR / "next_steps.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def next_steps(situation: Situation) -> List[NextStep]:
    """The next steps that fit the stage; general first steps when the stage is unknown."""
    stage = str(situation.stage) if _known(situation.stage) else "no_support"
    return [NextStep(text=step["text"], source=step["source"]) for step in _next_steps_table().get(stage, [])]


def needs_key_date(stage: Optional[str]) -> bool:
    """Whether a stage has a date the legal time limits count from."""
    return stage not in STAGES_WITHOUT_KEY_DATE and stage is not None


def stage_date_question(stage: Optional[str]) -> str:
    """The question that asks for the date that matters at this stage."""
    return STAGE_DATE_QUESTIONS.get(str(stage), "When did this happen? A rough date is fine.")

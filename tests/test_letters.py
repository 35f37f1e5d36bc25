"""Ready-to-send letters (issue 21): each letter filled in from a family's situation, with the right
dates from the deadline engine, exact citations listed in knowledge/LEGAL.md, a marked gap for every
unknown, nothing invented, plain English, and the same text in the Word and plain-text downloads."""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Dict, List, Tuple

import docx
import pytest
import textstat
import yaml

from bot import PROJECT_DIR
from knowledge.dates import long_date
from knowledge.letters import (GAP, TEMPLATES_DIR, Letter, LetterFacts, as_docx, as_plain_text, kinds, letter_for,
                               render)
from knowledge.timeline import MONTH, OFFICER, SaidEvent
from tests.test_legal_sources import cited, provisions

TODAY = date(2026, 11, 27)
LETTER_IDS = ["request_assessment", "chase_overdue", "provision_not_delivered", "early_review",
              "part_time_timetable", "suitable_education", "governors_representations", "draft_plan_meeting", "mediation_certificate",
              "complaint_stage_one", "subject_access_request"]
# As tests/test_readability.py measures: web addresses out, sentences split at . ! ? : and new lines.
URL = re.compile(r"https?://\S+|www\.\S+")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
LONG_DATE = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}\b")
NEVER = ("{{", "{%", "%}", "}}", "None", "Undefined", "undefined", "chatbot", "assistant", "this service",
         "overdue", "Yours faithfully")
TO_THE_SCHOOL = ("part_time_timetable", "subject_access_request", "governors_representations")  # may not name the council
FUTURE_WORDS = ("passed", "overdue", "I have not had", "is late", "ended on", "You have not told me")


def said(role: str, on: str | None = None, order: float = 0.0, **kw) -> SaidEvent:
    return SaidEvent(role=role, on=on, said_at=order, **kw)


def facts(made_on: date = TODAY, *events: SaidEvent, **kw) -> LetterFacts:
    return LetterFacts(made_on=made_on, events=tuple(events), **kw)


KNOWN = {"council": "Kent", "child_name": "Sam", "school": "Oak Primary School"}


@dataclass(frozen=True)
class Case:
    """One situation for one letter, and what its text must (and must not) say."""

    name: str
    facts: LetterFacts
    says: Tuple[str, ...] = ()
    never: Tuple[str, ...] = ()
    gaps: Tuple[str, ...] = ()  # gaps that must be left
    future: bool = False  # every date in it is still to come: nothing is "passed" or late
    provisions: Tuple[str, ...] = field(default_factory=tuple)  # ids the text must cite (instrument and pin)


REQUEST = said("request_sent", "2026-09-03")
CASES: Dict[str, List[Case]] = {
    "request_assessment": [
        Case("no facts", facts(), says=("within 6 weeks of getting my request",),
             gaps=("[your name]", "[your address]", "[council name]", "[your child's full name]",
                   "[your child's first name]", "[school name]", "[your child's date of birth]"),
             provisions=("cfa-s36-1", "cfa-s36-8", "send-reg-5-1")),
        Case("council only", facts(council="Leeds City Council"), says=("Dear SEN team at Leeds City Council,",),
             never=("[council name]",)),
        Case("everything known", facts(child_age=9, **KNOWN),
             says=("Dear SEN team at Kent,", "Sam [your child's surname], date of birth", "Sam goes to Oak Primary School",
                   "who is 9"),
             never=("[council name]", "[school name]", "[your child's first name]", "[your child's full name]")),
    ],
    "chase_overdue": [
        Case("request 3 Sep, decision date passed", facts(TODAY, REQUEST, **KNOWN),
             says=("on Thursday 3 September 2026", "The last day was Thursday 15 October 2026. It has passed.",
                   "I have not had your decision", "If you think an exception to this time limit applies"),
             never=("[the date you sent the request]", "20 weeks"), provisions=("send-reg-5-1",)),
        Case("request 3 Sep, decision date ahead", facts(date(2026, 10, 1), REQUEST, council="Kent"),
             says=("The last day is Thursday 15 October 2026.", "by then"), future=True),
        Case("request 3 Sep, decision due today", facts(date(2026, 10, 15), REQUEST),
             says=("The last day is today, Thursday 15 October 2026.",), future=True),
        Case("agreed to assess, final plan ahead", facts(TODAY, REQUEST, said("assessment_agreed", "2026-10-10", 1)),
             says=("within 20 weeks of getting my request", "The last day is Thursday 21 January 2027.",
                   "You agreed to assess my child on Saturday 10 October 2026."),
             never=("16 weeks", "regulation 5(1)"), future=True, provisions=("send-reg-13-2",)),
        Case("agreed to assess, final plan and 16 weeks passed",
             facts(date(2027, 1, 27), REQUEST, said("assessment_agreed", "2026-10-10", 1)),
             says=("The last day was Thursday 21 January 2027. It has passed.",
                   "That was by Thursday 24 December 2026.", "I have not had the final plan"),
             provisions=("send-reg-13-2", "send-reg-10-1")),
        Case("a draft plan came: no 16-week sentence",
             facts(date(2027, 1, 27), REQUEST, said("assessment_agreed", "2026-10-10", 1),
                   said("draft_plan", "2026-12-20", 2)),
             says=("You sent me a draft plan on Sunday 20 December 2026.", "Thursday 21 January 2027"),
             never=("16 weeks",)),
        Case("review meeting with no decision", facts(TODAY, said("review_meeting", "2026-09-03"), **KNOWN),
             says=("The annual review meeting for Sam was on Thursday 3 September 2026.",
                   "The last day was Thursday 1 October 2026. It has passed.", "[2022] EWHC 493"),
             never=("6 weeks", "20 weeks"), provisions=("send-reg-20-10", "devon-2022")),
        Case("month-only request: said, never counted", facts(TODAY, said("request_sent", "2026-06-01", precision=MONTH)),
             says=("in June 2026", "within 6 weeks of getting my request", "Please tell me when I will get your decision."),
             never=("[the date you sent the request]", "The last day"), future=True),
        Case("no dates at all", facts(), says=("within 6 weeks of getting my request",),
             gaps=("[the date you sent the request]", "[council name]"), future=True),
        Case("agreed to assess, no dates", facts(TODAY, said("assessment_agreed")),
             says=("within 20 weeks of getting my request", "You agreed to assess my child."),
             gaps=("[the date you sent the request]",), future=True),
    ],
    "provision_not_delivered": [
        Case("no facts", facts(), says=("section F",), gaps=("[the date of the plan]", "[school name]"),
             never=("speech and language",), provisions=("cfa-s42-2",)),
        Case("plan dated, therapy missing", facts(TODAY, said("final_plan", "2025-10-01"), concerns=("therapies_health",),
                                                  **KNOWN),
             says=("Sam has an EHC plan, dated Wednesday 1 October 2025.", "speech and language therapy",
                   "how Sam will make up the help"),
             never=("[the date of the plan]",)),
        Case("plan month only", facts(TODAY, said("final_plan", "2025-10-01", precision=MONTH)),
             says=("made in October 2025",), never=("[the date of the plan]",)),
    ],
    "early_review": [
        Case("no facts", facts(), gaps=("[the date of the plan]", "[school name]"),
             never=("The next annual review", "The last day"),
             provisions=("cfa-s44-1", "cop-9-166", "send-reg-19")),
        Case("annual review date passed", facts(TODAY, said("final_plan", "2025-10-01"), **KNOWN),
             says=("The last day for the annual review was Wednesday 30 September 2026. That date has passed.",
                   "I am sending a copy of this letter to Oak Primary School.")),
        Case("annual review ahead", facts(TODAY, said("final_plan", "2026-03-02"), **KNOWN),
             says=("The next annual review must be done by Monday 1 March 2027.",), future=True),
    ],
    "part_time_timetable": [
        Case("no facts", facts(), says=("Dear Head Teacher at [school name],", "Re: Part-time timetable"),
             gaps=("[the date it started]",), never=("formal exclusion",), future=True,
             provisions=("dfe-attendance-guidance",)),
        Case("sent home only", facts(TODAY, said("exclusion", "2026-11-10"), concerns=("sent_home",), **KNOWN),
             says=("Sam was sent home from school on Tuesday 10 November 2026, without a formal exclusion.",
                   "legal basis"),
             never=("part-time timetable",), provisions=("dfe-exclusion-guidance",)),
        Case("both, month only", facts(TODAY, said("part_time_since", "2026-09-01", precision=MONTH),
                                       concerns=("part_time_timetable", "sent_home")),
             says=("since September 2026", "formal exclusion", "[the date or dates]")),
    ],
    "suitable_education": [
        Case("no facts", facts(), says=("Dear Director of Children's Services at [council name],", "15 school days"),
             gaps=("[the date your child stopped going to school]", "[explain why your child cannot go to school]"),
             never=("sixth school day",), future=True,
             provisions=("ea1996-s19-1", "ea1996-s19-fulltime", "dfe-health-needs-guidance")),
        Case("permanent exclusion", facts(TODAY, said("exclusion", "2026-11-10"), concerns=("exclusion",), **KNOWN),
             says=("Sam was excluded from school on Tuesday 10 November 2026.", "sixth school day"),
             never=("15 school days",), provisions=("excluded-pupils-regs-2007",)),
        Case("anxiety, out since a month", facts(TODAY, said("out_of_school_since", "2026-09-01", precision=MONTH),
                                                 concerns=("attendance_anxiety",), child_age=13, **KNOWN),
             says=("since September 2026", "because of Sam's health", "who is 13")),
    ],
    "governors_representations": [
        Case("no facts", facts(), says=("Dear Clerk to the Governors at [school name],", "I would like to attend"),
             gaps=("[the date]", "[what happened, and anything the school has left out]"),
             never=("sent home", "legal basis"), future=True,
             provisions=("exclusion-regs-2012-reg-6", "exclusion-regs-2012-reg-24", "ea-s85-6", "dfe-exclusion-guidance")),
        Case("suspension dated", facts(TODAY, said("exclusion", "2026-11-24"), concerns=("exclusion",), **KNOWN),
             says=("Dear Clerk to the Governors at Oak Primary School,",
                   "Sam, who was excluded from school on Tuesday 24 November 2026.", "reasonable adjustments"),
             never=("without a formal exclusion",)),
        Case("sent home since a month", facts(TODAY, said("exclusion", "2026-09-01", precision=MONTH), **KNOWN),
             says=("excluded from school on [the date].",), never=("September",)),
    ],
    "draft_plan_meeting": [
        Case("no facts", facts(), gaps=("[the date you got the draft plan]", "[the school or college you want]"),
             future=True,
             provisions=("send-reg-13-1-a", "send-reg-13-1-a-ii", "cfa-s38-2-b", "cfa-s39-4", "cop-9-69")),
        Case("draft served 2 Nov, comments still open", facts(date(2026, 11, 5), said("draft_plan", "2026-11-02"), **KNOWN),
             says=("on Monday 2 November 2026", "That time ends on Monday 16 November 2026.",
                   "Sam goes to Oak Primary School now."), future=True),
        Case("draft served 2 Nov, comments time gone", facts(TODAY, said("draft_plan", "2026-11-02")),
             says=("That time ended on Monday 16 November 2026.", "Please still take my comments into account")),
    ],
    "mediation_certificate": [
        Case("no facts", facts(), gaps=("[the date of the decision letter]", "[what the council decided]",
                                        "[the mediation service named in the decision letter]"),
             future=True, provisions=("send-reg-34-1", "hesc-r20-1-c")),
        Case("refusal 1 Oct, appeal date ahead", facts(TODAY, said("assessment_refused", "2026-10-01"), **KNOWN),
             says=("The council (Kent) sent me a decision about Sam on Thursday 1 October 2026.",
                   "It refused to carry out an EHC needs assessment.",
                   "Counting from the decision letter, my last day is Tuesday 1 December 2026."), future=True),
        Case("refusal 1 Sep, appeal date passed (moved off a Sunday)",
             facts(TODAY, said("assessment_refused", "2026-09-01")),
             says=("my last day was Monday 2 November 2026. It has passed",)),
        Case("a certificate already dated: the later date (IPSEA's Christmas example)",
             facts(date(2026, 11, 30), said("plan_refused", "2026-10-01"), said("mediation_certificate", "2026-11-29", 1)),
             says=("It decided not to issue an EHC plan.", "My last day to appeal is Monday 4 January 2027."),
             future=True),
        Case("concern only, no letter date", facts(concerns=("cease_plan",)),
             says=("It decided to stop my child's EHC plan.",), gaps=("[the date of the decision letter]",), future=True),
    ],
    "complaint_stage_one": [
        Case("no facts", facts(), gaps=("[say what happened, with dates]", "[council name]"),
             never=("time limit in the law",), future=True, provisions=("lga-s26b-2",)),
        Case("a missed 6 weeks", facts(TODAY, REQUEST, said("complaint_made", "2026-11-01", 1), **KNOWN),
             says=("regulation 5(1)", "The last day was Thursday 15 October 2026, and it has passed.",
                   "I first raised this with you on Sunday 1 November 2026."),
             provisions=("send-reg-5-1",)),
        Case("6 weeks not yet up: no missed limit", facts(date(2026, 10, 1), REQUEST),
             never=("time limit in the law", "regulation 5(1)"), future=True),
        Case("a missed final plan", facts(date(2027, 1, 27), REQUEST, said("assessment_agreed", "2026-10-10", 1)),
             says=("Thursday 21 January 2027",), provisions=("send-reg-13-2",)),
        Case("a missed review decision", facts(TODAY, said("review_meeting", "2026-09-03")),
             says=("Thursday 1 October 2026",), provisions=("send-reg-20-10",)),
    ],
    "subject_access_request": [
        Case("no facts", facts(), says=("Dear Data Protection Officer at [school or council name],", "maintained school"),
             future=True, provisions=("uk-gdpr-art-15-1-3", "uk-gdpr-art-12-3", "pupil-info-reg-5-2")),
        Case("council only", facts(council="Kent"), says=("Dear Data Protection Officer at Kent,",),
             never=("maintained school",), future=True),
        Case("school known", facts(**KNOWN), says=("Dear Data Protection Officer at Oak Primary School,",
                                                   "Sam's educational record"), future=True),
    ],
}
ALL_CASES = [(kind, case) for kind, cases in CASES.items() for case in cases]


def case_id(item: Tuple[str, Case]) -> str:
    return f"{item[0]}: {item[1].name}"


@pytest.fixture(scope="module")
def rendered() -> Dict[Tuple[str, str], Letter]:
    return {(kind, case.name): render(kind, case.facts) for kind, case in ALL_CASES}


# -- the letters and which one fits -----------------------------------------------------------------

def test_there_are_the_eleven_letters_in_file_order_each_with_its_template() -> None:
    assert list(kinds()) == LETTER_IDS
    concern_ids = set(yaml.safe_load((PROJECT_DIR / "knowledge" / "concerns.yml").read_text(encoding="utf-8")))
    for kind in kinds().values():
        assert (TEMPLATES_DIR / f"{kind.id}.txt.j2").is_file(), kind.id
        assert kind.title and kind.recipient and kind.provisions and kind.sources, kind.id
        assert set(kind.concerns) <= concern_ids, kind.id
        assert len(kind.offer.split()) <= 25 and kind.offer.endswith(("?", ".")), kind.id
        assert not any(word in kind.offer.lower() for word in ("chatbot", "assistant", "this service")), kind.id
    assert set(CASES) == set(LETTER_IDS), "every letter has its table of situations"


def test_every_provision_a_letter_cites_is_listed_in_legal_md() -> None:
    listed = provisions()
    missing = {kind.id: [p for p in kind.provisions if p not in listed] for kind in kinds().values()}
    assert all(not ids for ids in missing.values()), missing


@pytest.mark.parametrize("kind", LETTER_IDS)
def test_each_letter_names_every_one_of_its_provisions_instrument_and_pin(kind: str) -> None:
    """Across its situations the letter's text names each provision it lists, and no other."""
    listed = provisions()
    texts = [render(kind, case.facts).text for case in CASES[kind]]
    for pid in kinds()[kind].provisions:
        assert any(cited(text, listed[pid]) for text in texts), f"{kind}: no situation cites {pid}"
    for text in texts:
        for pin in re.findall(r"SEND Regulations 2014, regulation (\d+(?:\([^)]*\))*)", text):
            assert any(listed[p].instrument == "SEND Regulations 2014" and listed[p].pin == pin
                       for p in kinds()[kind].provisions), f"{kind} cites regulation {pin}, not in its provisions"


@pytest.mark.parametrize("concerns, expected", [
    (["sent_home"], "part_time_timetable"),
    (["part_time_timetable"], "part_time_timetable"),
    (["assessment_delay"], "chase_overdue"),
    (["annual_review_not_acted"], "chase_overdue"),
    (["refused_assessment"], "mediation_certificate"),
    (["refused_plan"], "mediation_certificate"),
    (["cease_plan"], "mediation_certificate"),
    (["mediation"], "mediation_certificate"),
    (["appeal_tribunal"], "mediation_certificate"),
    (["out_of_school"], "suitable_education"),
    (["attendance_anxiety"], "suitable_education"),
    (["exclusion"], None),  # a suspension is not a child out of school: the next concern's letter, if any
    (["exclusion", "provision_not_delivered"], "provision_not_delivered"),
    (["exclusion", "out_of_school"], "suitable_education"),
    (["provision_not_delivered"], "provision_not_delivered"),
    (["therapies_health"], "provision_not_delivered"),
    (["draft_plan_problems"], "draft_plan_meeting"),
    (["school_placement"], "draft_plan_meeting"),
    (["eotas"], "early_review"),
    (["complaint"], "complaint_stage_one"),
    (["discrimination"], None),
    (["transport"], None),
    ([], None),
    (["made_up", "discrimination", "complaint", "sent_home"], "complaint_stage_one"),
])
def test_letter_for_takes_the_first_concern_that_has_a_letter(concerns: List[str], expected: str) -> None:
    assert letter_for(concerns) == expected


def test_an_unknown_letter_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        render("made_up", facts())


# -- each situation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, case", ALL_CASES, ids=list(map(case_id, ALL_CASES)))
def test_the_letter_says_what_the_situation_gives_and_leaves_a_gap_for_the_rest(kind: str, case: Case, rendered) -> None:
    letter = rendered[(kind, case.name)]
    text = letter.text
    for words in case.says:
        assert words in text, f"missing {words!r}:\n{text}"
    for words in case.never:
        assert words not in text, f"should not say {words!r}:\n{text}"
    for gap in case.gaps:
        assert gap in letter.gaps, f"no gap {gap}: {letter.gaps}"
    listed = provisions()
    for pid in case.provisions:
        assert cited(text, listed[pid]), f"does not cite {listed[pid].instrument} {listed[pid].pin}"
    if case.future:
        for words in FUTURE_WORDS:
            assert not re.search(rf"\b{re.escape(words)}\b", text), f"a date still to come is called {words!r}:\n{text}"


@pytest.mark.parametrize("kind, case", ALL_CASES, ids=list(map(case_id, ALL_CASES)))
def test_every_unknown_is_a_listed_gap_and_nothing_is_left_unfilled(kind: str, case: Case, rendered) -> None:
    letter = rendered[(kind, case.name)]
    text, known = letter.text, case.facts
    assert letter.kind is kinds()[kind]
    assert letter.gaps == tuple(dict.fromkeys(GAP.findall(text))), "gaps in order of first appearance"
    brackets = set(re.findall(r"\[[^\]]*\]", text))
    assert brackets - set(letter.gaps) <= {"[2022]"}, "every [...] but a law report's year is a gap"
    for word in NEVER:
        assert word not in text, f"{word!r} left in the letter:\n{text}"
    assert "\n\n\n" not in text and text == text.strip()
    assert text.startswith("[your name]\n[your address]\n") and text.endswith("Yours sincerely,\n\n[your name]")
    assert f"\n\n{long_date(known.made_on)}\n\n" in text, "the date line"
    assert "\nRe: " in text and "date of birth [your child's date of birth]" in text
    if known.child_name:
        assert f"{known.child_name} [your child's surname]" in text
    else:
        assert "[your child's full name]" in letter.gaps and not re.search(r"\bSam\b", text)
    if known.council:
        assert "[council name]" not in letter.gaps
        assert known.council in text or kind in TO_THE_SCHOOL, "a letter to the council names it"
    elif not known.school:
        assert "Kent" not in text
    dates_said = set(LONG_DATE.findall(text)) - {long_date(known.made_on)}
    exact = [e for e in known.events if e.exact]
    if not exact:
        assert dates_said == set(), f"a date was invented: {dates_said}"


@pytest.mark.parametrize("kind, case", ALL_CASES, ids=list(map(case_id, ALL_CASES)))
def test_every_letter_is_plain_english(kind: str, case: Case, rendered) -> None:
    prose = URL.sub("", rendered[(kind, case.name)].text).replace("{", "").replace("}", "")
    long = [s for s in SENTENCE_END.split(prose) if len(s.split()) > 25]
    assert long == []
    assert textstat.flesch_reading_ease(prose) >= 60


@pytest.mark.parametrize("kind, case", ALL_CASES, ids=list(map(case_id, ALL_CASES)))
def test_the_word_and_plain_text_files_hold_the_same_text(kind: str, case: Case, rendered) -> None:
    letter = rendered[(kind, case.name)]
    document = docx.Document(io.BytesIO(as_docx(letter)))
    assert "\n\n".join(p.text for p in document.paragraphs) == letter.text
    assert len(document.paragraphs) == letter.text.count("\n\n") + 1
    assert document.core_properties.title == letter.kind.title
    plain = as_plain_text(letter)
    assert plain == letter.text + "\n" and "\r" not in plain


def test_the_deadlines_are_the_engines_counted_from_the_family_dates() -> None:
    """Worked examples, counted here by hand: 6 and 20 weeks from a request, 4 weeks from a review,
    15 days beginning with the day a draft was served."""
    request, review, served = date(2026, 9, 3), date(2026, 9, 3), date(2026, 11, 2)
    assert long_date(request + timedelta(weeks=6)) in render("chase_overdue", facts(TODAY, REQUEST)).text
    agreed = facts(TODAY, REQUEST, said("assessment_agreed", "2026-10-10", 1))
    assert long_date(request + timedelta(weeks=20)) in render("chase_overdue", agreed).text
    reviewed = facts(TODAY, said("review_meeting", "2026-09-03"))
    assert long_date(review + timedelta(weeks=4)) in render("chase_overdue", reviewed).text
    draft = render("draft_plan_meeting", facts(date(2026, 11, 3), said("draft_plan", "2026-11-02"))).text
    assert long_date(served + timedelta(days=15 - 1)) == "Monday 16 November 2026"
    assert "Monday 16 November 2026" in draft


def test_a_correction_and_a_verified_case_date_are_the_ones_used() -> None:
    """The letter applies timeline.current: a later correction and a case's date win."""
    corrected = facts(TODAY, said("request_sent", "2026-09-10", 0), said("request_sent", "2026-09-03", 1, corrects=True))
    assert "Thursday 15 October 2026" in render("chase_overdue", corrected).text
    case_date = facts(TODAY, said("request_sent", "2026-09-03", 0, source="case"), said("request_sent", "2026-09-10", 1))
    assert "Thursday 15 October 2026" in render("chase_overdue", case_date).text


def test_what_the_family_typed_cannot_pass_for_a_gap_or_a_template() -> None:
    letter = render("request_assessment", facts(council="Kent [x]", child_name="{{ Sam }}", school="Oak\nPrimary"))
    assert "[x]" not in letter.text and "{{" not in letter.text and "Oak Primary" in letter.text
    assert "[x]" not in letter.gaps


# -- the facts a link carries -----------------------------------------------------------------------

FULL = LetterFacts(made_on=TODAY, council="Leeds City Council", child_name="Amira", school="Oak Primary School",
                   events=(said("request_sent", "2026-06-01", 1.5, precision=MONTH, phrase="in june"),
                           said("assessment_agreed", "2026-07-10", 2.0, source=OFFICER),
                           said("final_plan", None, 3.0, happened=False)),
                   child_age=11, concerns=("assessment_delay", "complaint"))


def test_facts_round_trip_through_a_plain_json_dict() -> None:
    plain = FULL.to_dict()
    assert json.loads(json.dumps(plain)) == plain
    assert plain["made_on"] == "2026-11-27" and plain["events"][0]["on"] == "2026-06-01"
    assert LetterFacts.from_dict(json.loads(json.dumps(plain))) == FULL
    assert facts().to_dict() == {"made_on": "2026-11-27"}, "defaults are left out"
    assert LetterFacts.from_dict({"made_on": "2026-11-27"}) == facts()


@pytest.mark.parametrize("change", [
    {"colour": "blue"},
    {"made_on": "2026-13-01"},
    {"made_on": 20261127},
    {"made_on": None},
    {"child_age": "11"},
    {"child_age": True},
    {"child_age": -1},
    {"council": 7},
    {"council": "Kent [your address]"},
    {"child_name": "A" * 200},
    {"school": ""},
    {"concerns": ["made_up"]},
    {"concerns": "complaint"},
    {"events": {"role": "request_sent"}},
    {"events": [{"role": "made_up", "on": "2026-09-03"}]},
    {"events": [{"role": "request_sent", "on": "3 September"}]},
    {"events": [{"role": "request_sent", "on": "2026-09-03", "colour": "blue"}]},
    {"events": [{"role": "request_sent", "precision": "fortnight"}]},
    {"events": [{"role": "request_sent", "source": "neighbour"}]},
    {"events": [{"role": "request_sent", "happened": "no"}]},
    {"events": [{"role": "request_sent", "said_at": "soon"}]},
    {"events": ["request_sent"]},
])
def test_facts_from_a_link_refuse_anything_malformed_or_unknown(change: dict) -> None:
    with pytest.raises(ValueError):
        LetterFacts.from_dict({**FULL.to_dict(), **change})


def test_facts_without_a_date_or_not_a_mapping_are_refused() -> None:
    with pytest.raises(ValueError):
        LetterFacts.from_dict({"council": "Kent"})
    with pytest.raises(ValueError):
        LetterFacts.from_dict(["2026-11-27"])  # type: ignore[arg-type]

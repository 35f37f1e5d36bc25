"""The nine corrections of issue 15 (and the annual review found while checking them), each
pinned to the words of the law that decide it. Sources are named in each test; the full list,
with when each was last checked, is knowledge/LEGAL.md."""
from __future__ import annotations

import re
from datetime import date
from typing import Dict

import yaml

from bot import PROJECT_DIR
from knowledge.deadlines import KeyDates, deadlines, timescales

COUNCIL_LIMITS = ("assessment_decision", "no_plan_decision", "final_plan")


def faq(topic: str) -> str:
    responses: Dict = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))["responses"]
    return responses[f"utter_faq/{topic}"][0]["text"]


def next_step_sources(stage: str) -> list:
    steps = yaml.safe_load((PROJECT_DIR / "knowledge" / "next_steps.yml").read_text(encoding="utf-8"))
    return [(item["text"], item["source"]) for item in steps[stage]]


def last_day(rule_id: str, **key_dates) -> date:
    found = {d.rule_id: d for d in deadlines(KeyDates(**key_dates), date(2026, 11, 26))}
    return found[rule_id].due


def rule(rule_id: str) -> dict:
    return next(r for r in timescales()["rules"] if r["id"] == rule_id)


# 1. SEND Regulations 2014 reg 8(2)(c): a missed appointment excuses someone giving advice from
# their own 6-week limit, never the council. Reg 5(4)(a)-(c) and reg 10(4)(a)-(d) (applied to the
# 20 weeks by reg 13(3)) list the council's exceptions; reg 10(4)(b) is an early years closure.
def test_1_a_missed_appointment_never_excuses_the_council() -> None:
    exceptions = timescales()["exceptions"]
    for rule_id in COUNCIL_LIMITS:
        keys = rule(rule_id)["exceptions"]
        assert not any("appointment" in exceptions[key]["text"].lower() for key in keys), rule_id
    assert "missed_appointment" not in exceptions


def test_1_the_early_years_closure_excuses_the_16_and_20_week_limits_only() -> None:
    exceptions = timescales()["exceptions"]
    early_years = [key for key, item in exceptions.items() if "early years" in item["text"].lower()]
    assert early_years, "reg 10(4)(b) (an early years provider closed) is missing"
    for rule_id in ("no_plan_decision", "final_plan"):
        assert set(early_years) <= set(rule(rule_id)["exceptions"]), rule_id
    assert not set(early_years) & set(rule("assessment_decision")["exceptions"])  # reg 5(4) has no such ground
    for key, item in exceptions.items():
        assert re.search(r"\d+\(\d+\)\([a-d]\)", item["source"]), f"{key}: cite the lettered sub-paragraph"


# 2. Equality Act 2010 Sch 17 para 4(1): "6 months starting with the date when the conduct
# complained of occurred". The conduct day is day 1, so the last day is the day before the same
# date six months on. HESC rule 12(3) (August, Christmas) is for SEN appeals only (IPSEA, "special
# rules ... do not apply to claims about disability discrimination").
def test_2_discrimination_claim_ends_the_day_before_the_six_month_date() -> None:
    assert last_day("discrimination_claim", discrimination_act=date(2026, 3, 15)) == date(2026, 9, 14)
    assert last_day("discrimination_claim", discrimination_act=date(2026, 2, 20)) == date(2026, 8, 19)  # not moved out of August
    assert last_day("discrimination_claim", discrimination_act=date(2026, 6, 26)) == date(2026, 12, 25)  # nor out of Christmas
    assert not rule("discrimination_claim").get("tribunal_holiday_extension")


# 3. Local Government Act 1974 s.26B(2): "the period of 12 months beginning with the day on which
# the person affected first had notice of the matter"; s.26B(3): the Ombudsman may disapply it.
def test_3_ombudsman_complaint_ends_the_day_before_the_anniversary() -> None:
    assert last_day("ombudsman_complaint", problem_known=date(2026, 1, 15)) == date(2027, 1, 14)
    source = rule("ombudsman_complaint")["source"]
    assert "26B(2)" in source and "26B(3)" in source


# 4. SEND Regulations 2014 reg 18(1): review and amend "before (a) 31 March ... transfer from
# secondary school to a post-16 institution; (b) 15 February ... in any other case". A post-16
# institution is not a school (CFA 2014 s.83(2)), so a school sixth form is not covered by (a).
def test_4_phase_transfer_last_days_are_14_february_and_30_march() -> None:
    assert last_day("phase_transfer", transfer_year=2027) == date(2027, 2, 14)
    assert last_day("phase_transfer_post16", transfer_year=2027, post16_transfer=True) == date(2027, 3, 30)


def test_4_the_31_march_date_is_for_college_not_a_school_sixth_form() -> None:
    explanation = rule("phase_transfer_post16")["explanation"].lower()
    assert "college" in explanation and "or sixth form" not in explanation
    text = faq("phase_transfer")
    assert "14 February" in text and "30 March" in text
    sixth_form = [s for s in re.split(r"(?<=\.)\s+", text) if "sixth form" in s]
    assert all(" not " in s for s in sixth_form)


# 5. CFA 2014 s.49(1): the council "must prepare a personal budget ... if asked to do so";
# s.49(3) lets regulations limit what it covers and direct payments.
def test_5_personal_budget_is_a_duty_when_asked() -> None:
    text = faq("personal_budget")
    assert "49(1)" in text
    assert re.search(r"must (prepare|work out|make)", text)
    assert "council decides" not in text.lower()
    assert "direct" in text.lower()  # direct payments can be limited


# 6. A trip is not an exclusion: Equality Act 2010 s.85(2)(b)/(d) (access to a benefit, facility
# or service) and s.85(6) (reasonable adjustments); claim within 6 months (Sch 17 para 4(1)).
def test_6_trips_are_a_discrimination_matter_not_an_exclusion() -> None:
    text = faq("informal_exclusion")
    trip = [s for s in re.split(r"(?<=\.)\s+", text) if "trip" in s.lower()]
    assert trip and not any("exclusion" in s.lower() for s in trip)
    assert "Equality Act 2010" in text and "85(" in text
    assert "6 months" in text


# 7. CFA 2014 s.39(4) (name the requested school unless ...) applies to a request under s.38(2)(b)
# for an institution in s.38(3); other independent schools need not be named (CoP 9.84).
def test_7_naming_a_school_covers_only_the_listed_kinds_of_school() -> None:
    text = faq("naming_school")
    assert "38(3)" in text and "39(4)" in text
    assert "independent" in text.lower() and "does not have to" in text.lower()


# 8. CFA 2014 s.45(1): cease only if (a) no longer responsible, or (b) no longer necessary.
def test_8_ceasing_a_plan_names_both_grounds() -> None:
    text = faq("ceasing_plan")
    assert "45(1)" in text
    assert "no longer responsible" in text.lower()
    assert "carries on while you appeal" in text  # right before, and kept


# 9. The review duty is CFA 2014 s.44(1); regs 19 to 21 say how; reg 18 is the phase transfer.
def test_9_annual_review_step_cites_section_44_not_regulation_18() -> None:
    review = [source for text, source in next_step_sources("final_plan") if "review" in text.lower()]
    assert review and all("44(1)" in s and "regulation 18" not in s for s in review)
    assert all(re.search(r"regulations 19\b.*21", s) for s in review)


# Found while checking 9: s.44(1) says "the period of 12 months starting with the date on which
# the plan was first made", so the review is due by the day before the anniversary.
def test_annual_review_is_due_the_day_before_the_anniversary() -> None:
    assert last_day("annual_review", plan_or_last_review=date(2026, 3, 10)) == date(2027, 3, 9)

"""The plan's deadline for a move to the next phase, worked out from the child's school year."""
from datetime import date

import pytest

from actions.concern_replies import concerns_reply
from actions.deadline_replies import missing_date_question
from knowledge.deadline_questions import TargetAnswer
from knowledge.phase_transfer import school_year_from, school_year_in, transfer_deadlines, transfer_year

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize("today, year", [(date(2026, 11, 28), 2027), (date(2027, 1, 10), 2027), (date(2027, 9, 2), 2028)])
def test_the_move_is_the_september_after_this_school_year(today, year):
    assert transfer_year(today) == year


@pytest.mark.parametrize("text, expected", [
    ("ds yr11, ehcp, still no named college", [("college", "2027-03-30")]),
    ("she's in Y11 and wants to stay on at the sixth form", [("school sixth form", "2027-02-14")]),
    ("he is in year 11, no idea where he goes next", [("college", "2027-03-30"), ("school sixth form", "2027-02-14")]),
    ("my daughter is in year 6 and we still have no secondary named", [("secondary school", "2027-02-14")]),
    ("my son is in year 4", []),
    ("omg sorry DD is YEAR 5 not 6", [("secondary school", "2028-02-14")]),
    ("he's in year 10 and wants the college in town", [("college", "2028-03-30")]),
])
def test_each_move_gets_its_own_deadline(text, expected):
    found = transfer_deadlines(school_year_in(text), text, TODAY)
    assert [(f.move, f.deadline.due.isoformat()) for f in found] == expected


def test_the_forms_school_year_comes_before_the_words():
    assert school_year_from(6, "ds yr11") == 6
    assert school_year_from(None, "ds yr11") == 11
    assert school_year_from("not a year", "she is in Y6") == 6


def test_a_phase_transfer_question_gets_the_date_when_the_year_is_known_and_the_rule_when_not():
    said = "ds yr11, ehcp, had his phase transfer review in oct. still no named college. when do they have to name one by?"
    reply = missing_date_question(TargetAnswer("phase_transfer", missing_role="transfer_year"), {},
                                  transfer_deadlines(11, said, TODAY))
    assert "Plan naming the college: by Tuesday 30 March 2027 (in 122 days)" in reply and "regulation 18(1)(a)" in reply
    general = missing_date_question(TargetAnswer("phase_transfer", missing_role="transfer_year"), {})
    assert "15 February" in general and "2027" not in general
    answer, _ = concerns_reply(["phase_transfer"], {}, TODAY, said=said, transfer=transfer_deadlines(11, said, TODAY),
                               with_plan=True)
    no_plan, _ = concerns_reply(["phase_transfer"], {}, TODAY, said=said.replace("ehcp", "no plan yet"),
                                transfer=transfer_deadlines(11, said, TODAY))
    assert "30 March 2027" not in no_plan  # regulation 18 is about a plan the child already has
    assert "by Tuesday 30 March 2027" in answer


def test_a_corrected_school_year_moves_the_phase_transfer_date():
    from actions.deadlines import transfer_for_a_year_given

    earlier = ["dd is y6 with an EHCP, hampshire silent since the review. when do they have to name her secondary??"]
    said = "sorry DD is YEAR 5 not 6, she's 10 in March. does that change the date??"
    line = transfer_for_a_year_given(said, earlier, {}, TODAY)
    assert "Monday 14 February 2028" in line and "Year 5" in line
    assert transfer_for_a_year_given(said, ["my son is autistic, no plan, on SEN support, which secondary?"], {}, TODAY) is None

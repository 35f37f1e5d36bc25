"""A family with a plan moving between councils in England: when the old council must pass it on."""
from __future__ import annotations

from datetime import date

from knowledge.concerns import reply_notes
from knowledge.plan_transfer import plan_transfer, transfer_due

TODAY = date(2026, 11, 28)
SAID = ("We moved house from Bradford to Harrogate (so North Yorks council now) over half term, moved in on Sat 31st Oct. "
        "ds is 9, EHCP for autism. I emailed Bradford SEN team to tell them we were moving on Fri 16th Oct. North Yorks "
        "are saying they havent even got his plan from Bradford yet!! Whose job is it now?")


def test_told_less_than_15_working_days_before_the_move_gives_15_working_days_from_being_told():
    found = plan_transfer(SAID, TODAY)
    assert (found.told, found.moved, found.due) == (date(2026, 10, 16), date(2026, 10, 31), date(2026, 11, 5))


def test_told_in_good_time_the_plan_moves_on_the_day_of_the_move():
    assert transfer_due(date(2026, 9, 1), date(2026, 10, 31)) == date(2026, 10, 31)


def test_the_move_gets_the_regulation_15_note_and_no_move_gets_none():
    assert any("the EHC plan moves with you" in note and "regulation 15(2) to (5)" in note for note in reply_notes(SAID))
    assert not any("moves with you" in note for note in reply_notes("we moved the review to next week"))
    assert plan_transfer("the review was moved to 3rd Dec", TODAY) is None


def test_a_move_from_wales_gets_the_other_nation_note_not_the_transfer_within_england():
    notes = " ".join(reply_notes("We just moved from Cardiff to Bristol, she had an IDP, Bristol say we start again?"))
    assert "does not move with you to England" in notes and "the EHC plan moves with you" not in notes

"""What a parent reads when a deadline counts from a date given only to the month or season."""
from __future__ import annotations

from datetime import date

from actions.concern_replies import limit_line
from actions.deadline_replies import missing_date_question
from knowledge.concerns import concerns, delay_told
from knowledge.deadline_questions import answer, target_for
from knowledge.event_notes import note_conversation
from knowledge.timeline import current

TODAY = date(2026, 11, 27)


def _known(*messages: str):
    events, _ = note_conversation([(text, TODAY, float(i)) for i, text in enumerate(messages, 1)])
    return current(events)


def _reply(question: str) -> str:
    known = _known(question)
    return missing_date_question(answer(target_for(question, known), known, TODAY), known)


def test_a_plan_late_even_from_the_last_day_of_the_month_is_called_late_with_that_date():
    reply = _reply("we asked for the assessment in march and still nothing, when should the final plan have come?")
    assert "by Tuesday 18 August 2026 at the latest" in reply and "in March 2026" in reply
    assert "it is late" in reply or "should have happened" in reply
    assert "exact date of the request" in reply and "regulation 13(2)" in reply


def test_an_appeal_window_from_a_month_is_given_as_its_earliest_day_to_be_safe():
    reply = _reply("the council refused to assess in october. when is the last day to appeal?")
    assert "between Tuesday 1 December 2026 and Monday 4 January 2027" in reply
    assert "To be safe, treat Tuesday 1 December 2026 as your last day." in reply


def test_an_appeal_window_that_may_have_closed_says_act_now():
    reply = _reply("the council refused to assess in september. last day to appeal?")
    assert "Monday 2 November 2026" in reply and "already passed" in reply and "SENDIASS" in reply


def test_a_season_is_said_as_the_months_it_was_read_as():
    reply = _reply("we applied in the spring, when is the final plan due?")
    assert "some time from March to May 2026" in reply and "by Sunday 18 October 2026 at the latest" in reply


def test_a_short_message_whose_month_shows_the_plan_late_is_a_delay_and_the_concern_gives_the_date():
    text = "we asked for the assessment in march and still nothing what do i do"
    assert delay_told(text, TODAY)
    line = limit_line(concerns()["assessment_delay"], _known(text), TODAY)
    assert "at the latest" in line and "If you tell me the date" not in line


def test_a_recent_month_is_no_delay():
    assert not delay_told("we asked for the assessment in november and still nothing", TODAY)

"""Suspensions a parent counts out: the school days they add up to, the sixth school day of the
latest one and the governors' meeting once a term's total passes 15 (knowledge/suspensions.py)."""
from __future__ import annotations

from datetime import date

from actions.concern_replies import suspension_lines
from knowledge.suspensions import suspensions_in

TODAY = date(2026, 11, 28)  # a Saturday
# Written fresh (2026-11-28), in the style of parents' forums.
THREE_SUSPENSIONS = ("DS (14) has been suspended 3 times since september - (3 days) in early october, then (5 days) "
                     "after half term, and yesterday I got a letter dated Friday 27 November suspending him for "
                     "8 school days starting the next day. They've sent a login and nothing else.")


def test_the_days_add_up_and_the_latest_suspension_starts_the_next_school_day():
    found = suspensions_in(THREE_SUSPENSIONS, TODAY)
    assert found.lengths == [3, 5, 8] and found.total == 16
    assert found.latest_told == date(2026, 11, 27)
    assert found.latest_starts == date(2026, 11, 30), "the next school day after a Friday is the Monday"
    assert found.sixth_day() == date(2026, 12, 7)
    assert found.governors_by() == date(2026, 12, 18), "15 school days from the letter of Friday 27 November"


def test_the_reply_gives_the_sixth_day_and_the_governors_date():
    lines = "\n".join(suspension_lines(THREE_SUSPENSIONS, TODAY))
    assert "Monday 7 December 2026" in lines and "full-time education" in lines
    assert "16 school days (3 + 5 + 8)" in lines and "Friday 18 December 2026" in lines


def test_a_short_suspension_under_15_days_names_no_meeting_and_no_sixth_day():
    said = "she was suspended for 2 days on Monday 16 November for swearing. is that allowed with her adhd?"
    found = suspensions_in(said, TODAY)
    assert found.total == 2 and found.sixth_day() is None and found.governors_by() is None
    assert suspension_lines(said, TODAY) == []


def test_a_permanent_exclusion_or_no_length_is_left_to_the_other_lines():
    assert suspension_lines("he was permanently excluded on 3 November after a suspension for 5 days", TODAY) == []
    assert suspensions_in("he has been suspended again, no idea for how long", TODAY) is None

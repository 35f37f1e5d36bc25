"""Suspensions a parent counts out: the school days they add up to, the sixth school day of the
latest one and the governors' meeting once a term's total passes 15 (knowledge/suspensions.py)."""
from __future__ import annotations

from datetime import date

import pytest

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


# Written fresh (2026-11-29) for trials K and P: lengths with no "for", dates after them, and a total said.
COUNTED_BARE = ("Hi. My son Leo (9, Year 5) has been suspended 3 times this term, he's on the ADHD waiting list (18 months!!). "
                "First was 2 days 14th-15th Oct, then 2 days w/c 9th Nov (Tue/Wed), and now a letter Friday (27th) saying "
                "3 days Mon 30th Nov to Wed 2nd Dec. School say next time could be permanent.")


def test_lengths_said_without_for_are_counted_when_a_date_or_weekday_follows():
    found = suspensions_in(COUNTED_BARE, date(2026, 11, 29))
    assert found.lengths == [2, 2, 3] and found.total == 7
    assert found.latest_told == date(2026, 11, 27)
    assert suspensions_in("he was suspended. it took 3 days later for the letter", TODAY) is None


def test_more_than_five_days_lets_the_parent_ask_for_a_meeting_within_50_school_days():
    lines = "\n".join(suspension_lines(COUNTED_BARE, date(2026, 11, 29)))
    assert "7 school days (2 + 2 + 3)" in lines and "more than 5 in a term" in lines
    assert "about Friday 26 February 2027" in lines, "50 school days from 27 Nov, skipping Christmas and February half term"
    assert "Christmas holidays (21 Dec to 1 Jan)" in lines and "term dates" in lines


def test_a_total_the_parent_gives_counts_even_when_one_suspension_is_told():
    said = "ds suspended again 3 days from tues. thats 7 days this term now. can i do anything or do i just have to take it"
    found = suspensions_in(said, date(2026, 11, 29))
    assert found.lengths == [3] and found.total == 7 and not found.counted_out
    lines = "\n".join(suspension_lines(said, date(2026, 11, 29)))
    assert "add up to 7 school days." in lines and "ask the governors to meet" in lines


def test_if_the_governors_uphold_on_a_later_day_the_panel_date_is_estimated_in_school_days():
    from actions.concern_replies import exclusion_date_lines
    texts = ["My son (14) was permanently excluded on Tuesday 10th Nov. The governors meeting has been set for 8th Dec.",
             "If they uphold it on the 8th how long do I get to go to the independent review panel?"]
    lines = "\n".join(exclusion_date_lines(texts, {}, date(2026, 11, 29)))
    assert "uphold it on Tuesday 8 December 2026" in lines and "about Tuesday 12 January 2027" in lines
    assert "Christmas holidays (21 Dec to 1 Jan)" in lines


def test_a_governors_meeting_set_after_the_15_school_days_is_pointed_out():
    from actions.concern_replies import governors_meeting_line
    said = ("My son (14) was permanently excluded on Tuesday 10th Nov after he threw a chair. They sent him home at lunch and "
            "the letter came the next day. The governors meeting has been set for 8th Dec. Is that even allowed?")
    line = governors_meeting_line(said, date(2026, 11, 29))
    assert "Counted from the exclusion on Tuesday 10 November 2026, that is by Tuesday 1 December 2026" in line
    assert "A meeting on Tuesday 8 December 2026 would be after that" in line


def test_a_later_correction_of_one_suspension_changes_the_total_read_back():
    from actions.concern_replies import exclusion_date_lines
    texts = [COUNTED_BARE, "sorry correction, the first suspension was only 1 day (14/10), he went back on the 15th. "
                           "Does that change anything?",
             "What's 50 school days in real dates? And should I be asking for an EHCP too?"]
    lines = "\n".join(exclusion_date_lines(texts, {}, date(2026, 11, 29), asked=True))
    assert "6 school days (1 + 2 + 3)" in lines and "about Friday 26 February 2027" in lines


def test_a_suspension_starting_on_a_weekday_counts_and_its_letter_date_comes_after_it():
    text = ("Hes been suspended 3 times this term: 3 days 14-16 Oct (for swearing), 5 days w/c 9th Nov (walked out of class), "
            "and now theyve given him 10 days starting Weds 25th for 'persistent disruption' - letter came by email Tues 24th.")
    found = suspensions_in(text, date(2026, 11, 29))
    assert found.lengths == [3, 5, 10] and found.latest_told == date(2026, 11, 24) and found.latest_starts == date(2026, 11, 25)
    assert found.governors_by() == date(2026, 12, 15) and found.sixth_day() == date(2026, 12, 2)


def test_it_was_2_days_not_3_corrects_that_suspension():
    from knowledge.suspensions import corrected_suspensions, corrects_a_length
    found = suspensions_in("Suspended 3 days 14-16 Oct, then 5 days w/c 9th Nov, and now 10 days starting Weds 25th",
                           date(2026, 11, 29))
    said = "sorry just re-read the first letter, it was 2 days not 3 - 14th and 15th, he went back in on the Friday 16th."
    assert corrects_a_length(said) and corrected_suspensions(found, said).lengths == [2, 5, 10]
    assert corrected_suspensions(found, "it was 4 days not 6").lengths == [3, 5, 10]  # no suspension was 6 days


# Trial S07 (session 45): "when is he actually due back?"
@pytest.mark.parametrize("said, began, back, back_if_next_day", [
    ("my lad got suspended last tues for 5 days. he also had 3 days start of oct. when is he actually due back",
     date(2026, 11, 24), date(2026, 12, 1), date(2026, 12, 2)),
    ("he got a 3 day suspension from wednesday 25th nov. when is he due back?", date(2026, 11, 25), date(2026, 11, 30), None),
    ("suspended for 5 days starting Monday 14th December, when can he go back?", date(2026, 12, 14), date(2027, 1, 4), None),  # over the usual Christmas holidays
])
def test_the_day_a_pupil_is_due_back_counts_school_days_and_gives_both_readings_of_an_unclear_start(said, began, back, back_if_next_day):
    from knowledge.suspensions import ASKS_WHEN_BACK, due_back
    found = due_back(said, date(2026, 11, 30))
    assert ASKS_WHEN_BACK.search(said)
    assert (found.began, found.back, found.back_if_next_day) == (began, back, back_if_next_day)


def test_the_due_back_line_names_both_days_and_the_letter():
    from actions.concern_replies import due_back_line
    line = due_back_line("callum got suspended last tues for 5 days. when is he actually due back", date(2026, 11, 30))
    assert "due back on Tuesday 1 December 2026" in line and "Wednesday 2 December 2026" in line and "letter" in line
    assert due_back_line("he got suspended for 5 days last tues", date(2026, 11, 30)) is None  # not asked
    assert "first school day after" in due_back_line("he was suspended, when is he due back?", date(2026, 11, 30))


def test_a_start_day_put_right_later_moves_the_day_back_and_a_funeral_date_does_not():
    from knowledge.suspensions import due_back
    first = ("my son has been suspended for 5 days from Tuesday 1st Dec for fighting. When is he due back? "
             "Also my nans funeral is on Friday 4th so Im all over the place sorry")
    assert due_back(first, date(2026, 11, 30)).back == date(2026, 12, 8)
    later = first + "\nsorry I read it wrong, it says from WEDNESDAY 2nd not tuesday. so when is he back now"
    assert (due_back(later, date(2026, 11, 30)).began, due_back(later, date(2026, 11, 30)).back) == (date(2026, 12, 2), date(2026, 12, 9))

"""School days counted over the usual school holidays (knowledge/school_days.py)."""
from __future__ import annotations

from datetime import date

from knowledge.school_days import add_school_days, is_usual_school_day


def test_fifty_school_days_skip_christmas_and_the_february_half_term():
    last, skipped = add_school_days(date(2026, 11, 27), 50)
    assert last == date(2027, 2, 26)
    assert [h.name for h in skipped] == ["Christmas holidays", "February half term"]


def test_a_count_inside_one_half_of_a_term_skips_only_weekends():
    assert add_school_days(date(2026, 11, 27), 15) == (date(2026, 12, 18), ())


def test_holidays_weekends_and_bank_holidays_are_not_school_days():
    assert not is_usual_school_day(date(2026, 12, 23))  # Christmas holidays
    assert not is_usual_school_day(date(2027, 5, 3))  # May bank holiday
    assert not is_usual_school_day(date(2026, 11, 28))  # a Saturday
    assert is_usual_school_day(date(2027, 1, 4))


def test_a_count_past_the_known_holidays_gives_no_day():
    assert add_school_days(date(2027, 7, 1), 200) is None

"""The deadline engine: a table test for every rule, calendar edge cases, and invariants (hypothesis)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.deadlines import (
    DUE_TODAY, OVERDUE, UPCOMING, KeyDates, add_working_days, deadlines, is_working_day,
    key_dates_for_stage, timescales, tribunal_last_day,
)

TODAY = date(2026, 11, 24)


def due(rule_id: str, today: date = TODAY, **key_dates) -> date:
    found = {d.rule_id: d for d in deadlines(KeyDates(**key_dates), today)}
    assert rule_id in found, f"{rule_id} not computed from {key_dates}"
    return found[rule_id].due


# One worked example per rule, each with the source that fixes its last day: an authoritative
# worked example where one exists (IPSEA's), otherwise the words of the provision itself.
REGS = "SEND Regulations 2014"
WORKED_EXAMPLES = [
    # 6 / 16 / 20 weeks "within ... of receiving a request" (regs 5(1), 10(1), 13(2)): the same
    # weekday 6, 16 and 20 weeks on. 3 September 2026 is a Thursday.
    ("assessment_decision", {"request_date": date(2026, 9, 3)}, date(2026, 10, 15), f"{REGS}, reg 5(1): within 6 weeks"),
    ("no_plan_decision", {"request_date": date(2026, 9, 3)}, date(2026, 12, 24), f"{REGS}, reg 10(1): within 16 weeks"),
    ("final_plan", {"request_date": date(2026, 9, 3)}, date(2027, 1, 21), f"{REGS}, reg 13(2): within 20 weeks"),
    # "at least 15 days, beginning with the day on which the draft plan was served": that day is day 1.
    ("draft_comments", {"draft_served": date(2026, 11, 2)}, date(2026, 11, 16), f"{REGS}, reg 13(1)(a): beginning with"),
    ("amendment_comments", {"amendments_sent": date(2026, 1, 30)}, date(2026, 2, 13), f"{REGS}, reg 22(2)(c): beginning with"),
    ("final_amended_plan", {"amendments_sent": date(2026, 3, 2)}, date(2026, 4, 27), f"{REGS}, reg 22(3): within 8 weeks"),
    # CFA 2014 s.44(1): "the period of 12 months starting with the date on which the plan was first
    # made": the last day is the day before the anniversary. From 29 February, 28 February less a day.
    ("annual_review", {"plan_or_last_review": date(2026, 3, 10)}, date(2027, 3, 9), "CFA 2014 s.44(1): starting with"),
    ("annual_review", {"plan_or_last_review": date(2028, 2, 29)}, date(2029, 2, 27), "CFA 2014 s.44(1): starting with; earlier reading"),
    ("early_years_review", {"plan_or_last_review": date(2026, 3, 10), "under_five": True}, date(2026, 9, 10),
     "SEND Code of Practice 9.178: every 3 to 6 months (guidance)"),
    # Reg 20: notice at least 2 weeks before, report within 2 weeks after, decision within 4 weeks after.
    ("review_notice", {"review_meeting": date(2026, 12, 10)}, date(2026, 11, 26), f"{REGS}, reg 20(3), (4): at least two weeks"),
    ("review_report", {"review_meeting": date(2026, 12, 10)}, date(2026, 12, 24), f"{REGS}, reg 20(7): within two weeks"),
    ("review_decision", {"review_meeting": date(2026, 12, 10)}, date(2027, 1, 7), f"{REGS}, reg 20(10): within 4 weeks"),
    ("amended_plan_after_review", {"review_meeting": date(2026, 9, 24)}, date(2026, 12, 17),
     f"{REGS}, regs 20(10) and 22(3), R (L) v Devon [2022]: 4 weeks, then 8 weeks"),
    # Reg 18(1): "before 15 February" / "before 31 March" in the calendar year of the transfer.
    ("phase_transfer", {"transfer_year": 2027}, date(2027, 2, 14), f"{REGS}, reg 18(1)(b): before 15 February"),
    ("phase_transfer_post16", {"transfer_year": 2027, "post16_transfer": True}, date(2027, 3, 30),
     f"{REGS}, reg 18(1)(a): before 31 March"),
    # Mediation: reg 33 "within 2 months after written notice ... was sent" (calendar months).
    ("mediation_contact", {"decision_letter": date(2026, 12, 31)}, date(2027, 2, 28), f"{REGS}, reg 33"),
    ("mediation_contact", {"decision_letter": date(2027, 12, 31)}, date(2028, 2, 29), f"{REGS}, reg 33 (leap year)"),
    # 3 working days: Thursday 24 December 2026 -> Christmas Day, Boxing Day (Saturday) and the
    # substitute Monday 28 December are not working days.
    ("certificate_no_mediation", {"told_adviser_no_mediation": date(2026, 12, 24)}, date(2026, 12, 31),
     f"{REGS}, reg 34(1): within 3 working days"),
    ("certificate_after_mediation", {"mediation_ended": date(2026, 4, 2)}, date(2026, 4, 9),
     f"{REGS}, Mediation: within 3 working days (Easter)"),
    ("mediation_held", {"mediation_requested": date(2026, 11, 2)}, date(2026, 12, 2), f"{REGS}, Mediation: within 30 days"),
    # Appeal (HESC r.20(1)(c), r.12): 2 months, or 1 month from the certificate if later.
    # IPSEA's worked example ("decision letter is dated 1 October and my mediation certificate is
    # dated 29 November"): the later end is 29 December, inside 25 December-1 January, so the appeal
    # can go in on the next working day in January: Monday 4 January 2027.
    ("tribunal_appeal", {"decision_letter": date(2026, 10, 1), "mediation_certificate": date(2026, 11, 29)},
     date(2027, 1, 4), "IPSEA FAQ, Christmas example; HESC r.12(3)"),
    ("tribunal_appeal", {"decision_letter": date(2026, 10, 6)}, date(2026, 12, 7), "HESC r.12(2): 6 December is a Sunday"),
    ("tribunal_appeal", {"decision_letter": date(2026, 10, 6), "mediation_certificate": date(2026, 11, 20)},
     date(2026, 12, 21), "HESC r.20(1)(c)(ii): 1 month from the certificate is later"),
    ("tribunal_appeal", {"decision_letter": date(2026, 10, 6), "mediation_certificate": date(2026, 10, 20)},
     date(2026, 12, 7), "HESC r.20(1)(c)(i): 2 months is later"),
    ("tribunal_appeal", {"decision_letter": date(2026, 6, 10)}, date(2026, 9, 1),
     "IPSEA: ends in August, so the first working day in September"),
    # Equality Act 2010 Sch 17 para 4(1): "6 months starting with the date when the conduct
    # complained of occurred": the day before the same date 6 months on; no August or Christmas rule.
    ("discrimination_claim", {"discrimination_act": date(2026, 3, 15)}, date(2026, 9, 14), "EA 2010 Sch 17 para 4(1): starting with"),
    ("discrimination_claim", {"discrimination_act": date(2026, 8, 31)}, date(2027, 2, 27),
     "EA 2010 Sch 17 para 4(1); no 31 February, earlier reading"),
    # LGA 1974 s.26B(2): "12 months beginning with the day on which the person ... first had notice".
    ("ombudsman_complaint", {"problem_known": date(2026, 1, 15)}, date(2027, 1, 14), "LGA 1974 s.26B(2): beginning with"),
]


@pytest.mark.parametrize("rule_id, key_dates, expected, source", WORKED_EXAMPLES)
def test_every_rule(rule_id: str, key_dates: dict, expected: date, source: str) -> None:
    assert due(rule_id, **key_dates) == expected, source


def test_every_rule_in_the_data_has_a_table_case_and_a_source() -> None:
    tested = {case[0] for case in WORKED_EXAMPLES}
    assert all(case[3] for case in WORKED_EXAMPLES)
    rules = timescales()["rules"]
    assert {rule["id"] for rule in rules} <= tested
    for rule in rules:
        assert rule["source"] and rule["url"].startswith("https://"), rule["id"]
        assert rule["explanation"] and rule["if_missed"], rule["id"]


def test_status_upcoming_due_today_and_overdue() -> None:
    request = date(2026, 9, 3)
    on = {d.rule_id: d for d in deadlines(KeyDates(request_date=request), date(2026, 10, 15))}
    assert (on["assessment_decision"].status, on["assessment_decision"].days) == (DUE_TODAY, 0)
    late = {d.rule_id: d for d in deadlines(KeyDates(request_date=request), date(2026, 10, 18))}
    assert (late["assessment_decision"].status, late["assessment_decision"].days) == (OVERDUE, 3)
    assert late["assessment_decision"].status_text() == "overdue by 3 days"
    assert (late["final_plan"].status, late["final_plan"].days) == (UPCOMING, 95)


def test_overdue_deadlines_come_first() -> None:
    found = deadlines(KeyDates(request_date=date(2026, 9, 3), draft_served=date(2026, 11, 20)), TODAY)
    statuses = [d.overdue for d in found]
    assert statuses == sorted(statuses, reverse=True)
    assert found[0].rule_id == "assessment_decision"


def test_possible_exception_is_flagged_when_the_summer_holiday_falls_inside() -> None:
    summer = {d.rule_id: d for d in deadlines(KeyDates(request_date=date(2026, 7, 10)), TODAY)}
    assert summer["final_plan"].exception_likely
    assert summer["final_plan"].exceptions  # and the exceptions are listed with their source
    autumn = {d.rule_id: d for d in deadlines(KeyDates(request_date=date(2026, 9, 3)), TODAY)}
    assert autumn["final_plan"].exception_likely is None
    assert all("regulation" in e.source for e in autumn["final_plan"].exceptions)


def test_nothing_is_invented_without_a_key_date() -> None:
    assert deadlines(KeyDates(), TODAY) == []
    assert [d.rule_id for d in deadlines(KeyDates(draft_served=date(2026, 11, 20)), TODAY)] == ["draft_comments"]


def test_no_plan_decision_is_dropped_once_the_plan_is_refused() -> None:
    dates = key_dates_for_stage("plan_refused", date(2026, 11, 2))
    ids = {d.rule_id for d in deadlines(dates, TODAY)}
    assert ids == {"mediation_contact", "tribunal_appeal"}


def test_bank_holidays_in_england() -> None:
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))  # substitute day for Boxing Day
    assert not is_working_day(date(2026, 5, 4))  # early May bank holiday
    assert is_working_day(date(2026, 3, 17))  # St Patrick's Day is a holiday in Northern Ireland only
    assert not is_working_day(date(2026, 11, 28))  # Saturday


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)), st.integers(1, 30))
def test_working_days_land_on_a_working_day_and_count_exactly(start: date, count: int) -> None:
    end = add_working_days(start, count)
    assert is_working_day(end)
    between = [start + timedelta(days=n) for n in range(1, (end - start).days + 1)]
    assert sum(is_working_day(day) for day in between) == count


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
def test_tribunal_last_day_moves_out_of_august_and_christmas_to_a_working_day(day: date) -> None:
    last = tribunal_last_day(day)
    assert last >= day and is_working_day(last)
    in_holiday = day.month == 8 or (day.month == 12 and day.day >= 25) or (day.month, day.day) == (1, 1)
    if in_holiday:
        assert last.month != 8 and not (last.month == 12 and last.day >= 25) and (last.month, last.day) != (1, 1)
    else:  # only a weekend or bank holiday moves it, to the very next working day (the earlier reading)
        assert all(not is_working_day(day + timedelta(days=n)) for n in range((last - day).days))


@settings(max_examples=200)
@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)),
       st.dates(min_value=date(2015, 1, 1), max_value=date(2036, 12, 31)))
def test_request_deadlines_keep_their_order_and_status_matches_the_date(request: date, today: date) -> None:
    found = {d.rule_id: d for d in deadlines(KeyDates(request_date=request), today)}
    assert found["assessment_decision"].due < found["no_plan_decision"].due < found["final_plan"].due
    assert (found["final_plan"].due - request).days == 140
    for deadline in found.values():
        assert deadline.due > request
        expected = UPCOMING if deadline.due > today else DUE_TODAY if deadline.due == today else OVERDUE
        assert deadline.status == expected
        assert deadline.days == abs((deadline.due - today).days)


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
def test_calendar_months_end_in_the_right_month(start: date) -> None:
    mediation = due("mediation_contact", decision_letter=start)
    months_later = (start.month - 1 + 2) % 12 + 1
    assert mediation.month == months_later
    assert mediation.day == start.day or mediation.day < start.day  # clipped to the month's last day


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)),
       st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
def test_appeal_window_is_the_later_of_its_two_limits(letter: date, certificate: date) -> None:
    with_certificate = due("tribunal_appeal", decision_letter=letter, mediation_certificate=certificate)
    without = due("tribunal_appeal", decision_letter=letter)
    assert with_certificate >= without

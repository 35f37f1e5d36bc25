"""The situation model: dated events keep their roles, questions find their deadline, statuses are honest."""
from __future__ import annotations

from datetime import date

import pytest

from knowledge.deadline_questions import answer, target_for
from knowledge.deadlines import MET, OVERDUE, PASSED, SHOULD_HAVE, UPCOMING, KeyDates, Outcomes, deadlines
from knowledge.event_notes import note_conversation
from knowledge.timeline import SaidEvent, current, describe_timeline, superseded

TODAY = date(2026, 11, 26)


def conversation(*messages: str):
    events, pending = note_conversation([(text, TODAY, float(i)) for i, text in enumerate(messages, 1)])
    return current(events), events, pending


def ask(question: str, *before: str):
    known, _, _ = conversation(*before, question)
    target = target_for(question, known)
    return target, answer(target, known, TODAY) if target else None


def test_a_question_about_the_final_plan_counts_from_the_request_and_relabels_nothing():
    known, _, _ = conversation("we asked for the assessment on 2 June")
    target, reply = ask("when is the final plan due?", "we asked for the assessment on 2 June")
    assert target == "final_plan" and reply.deadline.due == date(2026, 10, 20)
    assert reply.deadline.start == date(2026, 6, 2) and reply.deadline.status == SHOULD_HAVE
    after, _, _ = conversation("we asked for the assessment on 2 June", "when is the final plan due?")
    assert after == known


@pytest.mark.parametrize("message, target, due", [
    ("The draft plan came on 4 March, how long do we have to comment?", "draft_comments", date(2026, 3, 18)),
    ("the refusal letter is dated 1 May, when must I appeal?", "tribunal_appeal", date(2026, 7, 1)),
    ("the plan was finalised on 12 April, when is the review due?", "annual_review", date(2027, 4, 11)),
    ("the review meeting was on 3 February and we've heard nothing, when must they decide?", "review_decision",
     date(2026, 3, 3)),
    ("decision letter dated 1 September, mediation certificate issued 20 October. which day is the last to appeal?",
     "tribunal_appeal", date(2026, 11, 20)),
])
def test_dated_questions_reach_the_deadline_engine(message, target, due):
    asked, reply = ask(message)
    assert asked == target and reply.deadline is not None and reply.deadline.due == due


def test_heard_nothing_after_a_review_makes_the_decision_overdue_but_never_the_notice():
    known, _, _ = conversation("the review meeting was on 3 February and we've heard nothing since")
    _, reply = ask("when should they have decided?", "the review meeting was on 3 February and we've heard nothing since")
    assert reply.deadline.status == OVERDUE
    from knowledge.timeline import key_dates, outcomes
    statuses = {d.rule_id: d.status for d in deadlines(key_dates(known, today=TODAY), TODAY, outcomes(known))}
    assert statuses["review_notice"] == SHOULD_HAVE and statuses["review_report"] == SHOULD_HAVE


def test_a_known_later_event_means_the_deadline_was_met():
    from knowledge.timeline import key_dates, outcomes
    known = {"request_sent": SaidEvent("request_sent", "2026-03-02"), "final_plan": SaidEvent("final_plan", "2026-07-30")}
    found = {d.rule_id: d for d in deadlines(key_dates(known), TODAY, outcomes(known))}
    assert found["final_plan"].status == MET and found["final_plan"].status_text() == "done, 10 days late"
    assert found["assessment_decision"].status == MET  # a final plan means they agreed to assess


def test_a_family_time_limit_that_has_gone_by_has_passed_and_is_never_overdue():
    found = {d.rule_id: d for d in deadlines(KeyDates(decision_letter=date(2026, 6, 1)), TODAY, Outcomes())}
    assert found["tribunal_appeal"].status == PASSED


def test_without_a_timeline_the_case_record_keeps_the_plain_status():
    found = {d.rule_id: d for d in deadlines(KeyDates(request_date=date(2026, 3, 2)), TODAY)}
    assert found["final_plan"].status == OVERDUE


def test_a_refusal_to_assess_means_no_plan_deadlines():
    known, _, _ = conversation("we applied on 3 March and the council refused to assess on 10 April")
    from knowledge.timeline import key_dates, outcomes
    ids = {d.rule_id for d in deadlines(key_dates(known, today=TODAY), TODAY, outcomes(known))}
    assert "tribunal_appeal" in ids and "final_plan" not in ids and "no_plan_decision" not in ids


def test_a_correction_supersedes_the_date_and_the_history_keeps_both():
    known, events, _ = conversation("the refusal letter was dated 2 October", "no, the letter was dated the 12th")
    assert known["assessment_refused"].on == "2026-10-12"
    assert [(old.on, new.on) for old, new in superseded(events)] == [("2026-10-02", "2026-10-12")]


def test_an_unclear_date_is_asked_about_and_the_answer_gives_it_its_role():
    known, _, pending = conversation("we got a letter on 3 September")
    assert known == {} and pending is not None and pending.iso == "2026-09-03"
    known, _, pending = conversation("we got a letter on 3 September", "it said they won't assess him")
    assert known["assessment_refused"].on == "2026-09-03" and pending is None


def test_a_missing_date_is_asked_for_not_guessed():
    target, reply = ask("when is the final plan due?")
    assert target == "final_plan" and reply.deadline is None and reply.missing_role == "request_sent"
    target, reply = ask("when is the final plan due? we applied back in March")
    assert reply.deadline is None and reply.missing_role == "request_sent" and reply.approximate


def test_a_month_only_date_bounds_the_deadline_without_guessing_the_day():
    _, reply = ask("we applied back in March and still nothing, when should the final plan have come?")
    earliest, latest = reply.between
    assert reply.deadline is None and reply.missing_role == "request_sent"
    assert (earliest.start, latest.start) == (date(2026, 3, 1), date(2026, 3, 31))
    assert latest.due == date(2026, 8, 18) and latest.status in (OVERDUE, SHOULD_HAVE)


def test_a_month_only_step_is_never_counted_from_after_today():
    _, reply = ask("we asked for the assessment in november, when will they decide if they'll assess?")
    assert reply.between[1].start == TODAY and reply.between[1].status == UPCOMING


def test_a_season_is_bounded_by_three_months_and_an_appeal_by_its_earliest_day():
    _, reply = ask("we applied in the spring, when is the final plan due?")
    assert [d.start for d in reply.between] == [date(2026, 3, 1), date(2026, 5, 31)]
    _, reply = ask("the council refused to assess in september. last day to appeal?")
    assert [d.due for d in reply.between] == [date(2026, 11, 2), date(2026, 11, 30)]


def test_dates_that_are_not_case_events_add_nothing():
    known, _, pending = conversation("he was diagnosed on 3 March and his birthday is 12 May")
    assert known == {} and pending is None


def test_the_timeline_reads_back_in_plain_words():
    known, _, _ = conversation("we applied on 2nd june and the draft came on 9 October")
    assert describe_timeline(known) == ["You asked for an EHC needs assessment: Tuesday 2 June 2026",
                                        "The draft plan was sent: Friday 9 October 2026"]


def test_events_round_trip_as_plain_dicts():
    event = SaidEvent(role="draft_plan", on="2026-10-09", said_at=3.0, phrase="9 October")
    assert SaidEvent.from_dict(event.to_dict()) == event
    with pytest.raises(ValueError):
        SaidEvent.from_dict({"role": "made_up"})


def test_heard_nothing_waits_on_the_council_not_on_a_timetable_mentioned_later():
    known, _, _ = conversation("we asked for an EHC needs assessment on 2 June and have heard absolutely nothing since. "
                               "he has been on mornings only since 14 October")
    from knowledge.timeline import key_dates, outcomes
    found = {d.rule_id: d for d in deadlines(key_dates(known, today=TODAY), TODAY, outcomes(known))}
    assert found["assessment_decision"].status == OVERDUE


@pytest.mark.parametrize("message, role, day", [
    ("the review is weds 9th dec, will the papers come in time?", "review_meeting", "2026-12-09"),  # a Wednesday in 2026
    ("his annual review is Thursday 14th January", "review_meeting", "2027-01-14"),
    ("the cownsil sent the draft plan on the 9th of novembur", "draft_plan", "2026-11-09"),  # spelt as it sounds
    ("we got the draft plan on 3 septembur", "draft_plan", "2026-09-03"),
    ("the review has been booked by the school for the 10th of December", "review_meeting", "2026-12-10"),
])
def test_weekdays_phonetic_months_and_bookings_give_the_right_day(message, role, day):
    known, _, _ = conversation(message)
    assert known[role].on == day


@pytest.mark.parametrize("message, role", [
    ("I send the form to council on 1 October, nobody answer me", "request_sent"),
    ("the amended draft came on 5 October after the review", "amendments_sent"),
    ("they decided he doesn't require a plan, letter dated 18 September", "plan_refused"),
    ("letter dated 14/10 says they are not satisfied the threshold is met", "assessment_refused"),
    ("my son was refused a place on the residential trip on 14 September", "discrimination"),
    ("the amended final came 2 October and it's fine", "amended_plan"),
])
def test_plain_and_second_language_wording_names_the_event(message, role):
    known, _, pending = conversation(message)
    assert role in known and pending is None, known


def test_a_question_about_the_final_date_is_not_taken_as_the_final_plan():
    """"Please confirm the final date for an appeal" after an unclear date asks; it does not answer."""
    known, _, pending = conversation("We had a letter on 28 October 2026 about the school.",
                                     "Please confirm the final date for lodging an appeal.")
    assert "final_plan" not in known


def test_the_wording_of_the_question_beats_a_guess_from_the_latest_event():
    """After a review meeting, "how long has the school got to get their write-up out" is the school's report."""
    target, reply = ask("How long has the school got to get their write-up done and out to all of us?",
                        "Her annual review meeting was on 10 November at school.")
    assert target == "review_report" and reply.deadline.due == date(2026, 11, 24)


def test_the_next_annual_review_is_not_done_by_the_review_it_counts_from():
    _, reply = ask("dd's last annual review was 10th December 2025. When is the next one due by?")
    assert reply.deadline.due == date(2026, 12, 9) and reply.deadline.status == UPCOMING
    assert reply.deadline.status_text() == "in 13 days"


def test_after_the_school_sent_the_review_paperwork_the_parent_waits_for_the_councils_decision():
    from datetime import date

    from knowledge.deadline_questions import target_for

    told = ("hiya, annual review was 15th october, school sent the paperwork to the council the week after. "
            "nothing since. when should we have heard and what can i do?")
    assert target_for(told, {}, None, date(2026, 11, 27)) == "review_decision"
    asked = ("Review was Thurs 5th Nov. School finally sent the report to the LA on 25th Nov. Did they break the "
             "rules? How long were they meant to take?")
    assert target_for(asked, {}, None, date(2026, 11, 27)) == "review_report"


def test_the_question_about_an_unclear_date_never_turns_a_rough_time_into_a_day():
    from actions.timeline import clarifying_question
    from knowledge.event_notes import UnclearDate

    assert clarifying_question(UnclearDate("2026-11-21", "last week"))[0].startswith('What happened "last week"?')
    assert clarifying_question(UnclearDate("2026-09-03", "3 Sept"))[0].startswith("What happened on Thursday 3 September 2026?")
    assert clarifying_question(UnclearDate("2026-09-01", "in September", "month"))[0].startswith("What happened in September?")
    assert clarifying_question(UnclearDate("2026-06-01", "the summer", "season"))[0].startswith("What happened in the summer?")


def test_a_draft_that_just_came_means_a_late_final_plan_is_late_not_asked_about():
    recent, _, _ = conversation("I asked for the assessment on 24 April. The draft plan came on 17 November.")
    assert answer("final_plan", recent, TODAY).deadline.status == OVERDUE
    old, _, _ = conversation("I asked for the assessment on 24 April 2025. The draft plan came on 17 September 2025.")
    assert answer("final_plan", old, TODAY).deadline.status == SHOULD_HAVE, "a draft long ago: the final may have come"
    waiting, _, _ = conversation("I asked for the assessment on 2 June.")
    assert answer("final_plan", waiting, TODAY).deadline.status == SHOULD_HAVE


def test_a_date_repeated_in_the_question_is_not_asked_about_again():
    from knowledge.event_notes import note_message
    said = "thanks. school sent the request 16th july, council agreed to assess 3rd sept. so the 20 wks is from 3rd sept yeah?"
    notes = note_message(said, TODAY, 1.0, {})
    assert {e.role: e.on for e in notes.events} == {"request_sent": "2026-07-16", "assessment_agreed": "2026-09-03"}
    assert notes.unclear == ()


def test_the_covering_letters_date_is_the_plans_not_the_day_it_arrived():
    said = ("Final EHCP finally arrived for DS (7, yr2 at an infant school) on the 16th Nov, the covering letter is dated "
            "10/11. We applied back on the 5th May!! I want to appeal, how long have I got?")
    known = current(note_conversation([(said, TODAY, 1.0)])[0])
    assert known["final_plan"].on == "2026-11-10" and known["request_sent"].on == "2026-05-05"
    assert answer("tribunal_appeal", known, TODAY).deadline.due == date(2027, 1, 11), "10 Jan 2027 is a Sunday"



def test_an_invitation_that_came_less_than_two_weeks_before_the_review_is_said_to_be_late():
    from actions.deadline_replies import invite_line
    said = "school have just sent the invite, review is Thurs 10th Dec. the invite email came 27th Nov. no reports yet. is that ok?"
    known = current(note_conversation([(said, date(2026, 11, 29), 1.0)])[0])
    line = invite_line(said, known, date(2026, 11, 29))
    assert "Friday 27 November 2026, only 13 days before the meeting" in line and "20(3)" in line
    early = "review is Thurs 10th Dec. the invite came on 2nd Nov."
    assert "that is the 2 weeks' notice" in invite_line(early, current(note_conversation([(early, date(2026, 11, 29), 1.0)])[0]),
                                                          date(2026, 11, 29))


def test_the_november_email_is_the_one_dated_in_november_earlier_in_the_conversation():
    from actions.timeline import timeline_of, with_months_pinned
    first = ("I got 2 letters from the council and didnt open them properly till last week. one is dated 9/10 and the other "
             "came as an email on 3rd Nov. they both talk about 'ceasing' my ehcp. 2 months to appeal but from which one??")
    second = ("ok found them. the october one says they are 'considering ceasing' and asked for my views by the 23rd Oct. "
              "the november email says 'decision to cease to maintain' and has stuff about mediation and the tribunal")
    assert "the email dated 3 November 2026 says" in with_months_pinned(second, [date(2026, 10, 9), date(2026, 11, 3)])
    assert with_months_pinned(second, [date(2026, 11, 3), date(2026, 11, 20)]).count("november email") == 1, "two November days: not pinned"
    base = 1795900000.0  # 2026-11-28, in England
    timeline = timeline_of([{"event": "user", "text": first, "timestamp": base}, {"event": "user", "text": second, "timestamp": base + 60}])
    assert timeline.known["cease_notice"].on == "2026-11-03"
    assert answer("tribunal_appeal", timeline.known, date(2026, 11, 29)).deadline.due == date(2027, 1, 4), "3 Jan 2027 is a Sunday"

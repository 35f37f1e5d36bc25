"""How dates and their events are read from the way parents write (issue 16): date styles, lists,
brackets, weekdays, coming meetings, acts of a school, and what is not an event. Pure functions."""
from __future__ import annotations

from datetime import date
from typing import Dict, Optional

import pytest

from components.date_rules import find_dates
from knowledge.deadline_questions import target_for
from knowledge.event_notes import note_conversation
from knowledge.timeline import current

TODAY = date(2026, 11, 26)  # a Thursday


def roles(*messages: str) -> Dict[str, Optional[str]]:
    events, _ = note_conversation([(text, TODAY, float(i)) for i, text in enumerate(messages, 1)])
    return {role: event.on for role, event in current(events).items() if event.happened}


def pending(*messages: str):
    return note_conversation([(text, TODAY, float(i)) for i, text in enumerate(messages, 1)])[1]


@pytest.mark.parametrize("message, role, day", [
    ("refusal letter came 21.9, how long to appeal?", "assessment_refused", "2026-09-21"),
    ("Letter came 03-11-26 saying they intend to stop maintaining his EHCP", "cease_notice", "2026-11-03"),
    ("LA wrote on 9 October to say they're discontinuing her plan", "cease_notice", "2026-10-09"),
    ("We asked for the assessment in April. They agreed. Then on the 14th of August (while we were on holiday, "
     "typical) they said they won't be issuing a plan.", "plan_refused", "2026-08-14"),
    ("I emailed the EHCNA request on Fri 9th and heard nothing since", "request_sent", "2026-10-09"),
    ("the LA sent their changes to the plan on the 3rd of August", "amendments_sent", "2026-08-03"),
    ("they refused to assess years ago. now school has asked again, 2 weeks ago", "request_sent", "2026-11-12"),
    ("AR booked 8th dec, school havent sent any reports", "review_meeting", "2026-12-08"),
    ("After her review on 8th December, how long has school got to send the report?", "review_meeting", "2026-12-08"),
    ("the review was on 8th December and nothing since", "review_meeting", "2025-12-08"),
    ("On 5 Oct they told him he can't go on the residential. Is that discrimination?", "discrimination", "2026-10-05"),
    ("Draft amended plan came 3rd Nov after the review. We have to respond.", "amendments_sent", "2026-11-03"),
    ("On the 30th of September we had a letter saying the council would not be assessing him", "assessment_refused",
     "2026-09-30"),
    ("Council send letter 3 November they will stop EHCP of my daughter", "cease_notice", "2026-11-03"),
    ("Now council write 22 October that they finish the plan because he is doing good", "cease_notice", "2026-10-22"),
    ("letter dated 19th Oct says no plan after the assessment", "plan_refused", "2026-10-19"),
    ("LA letter saying they'd assess came 2nd Nov", "assessment_agreed", "2026-11-02"),
    ("LA wrote on 12th Nov saying they'll maintain the plan without any amendments", "review_decision", "2026-11-12"),
    ("The LA's decision letter dated 14 October refuses the residential school", "decision_letter", "2026-10-14"),
    ("AR is booked for the 8th (December). Invite only came today", "review_meeting", "2026-12-08"),
    ("AR 2 wks ago. when does school have to send out the report", "review_meeting", "2026-11-12"),
    ("dd was put on a part time timetable from Jan 12th", "part_time_since", "2026-01-12"),
    ("school rang me on Mon 19th Oct at 11am to come and get him, said he's 'not in a place to learn'", "exclusion",
     "2026-10-19"),
    ("She has not returned to school since 9 November 2026", "out_of_school_since", "2026-11-09"),
    ("dd has been told to stay home every afternoon since the 28th of September", "part_time_since", "2026-09-28"),
    ("dd missed the school disco on 16th October because they said she'd need her TA there", "discrimination",
     "2026-10-16"),
    ("i sent my own request for an ehc needs assessment by email on the 2nd of last month", "request_sent", "2026-10-02"),
    ("the council sent their proposed amendments the last week of September", "amendments_sent", "2026-09-01"),
    ("AR was a week last Monday. LA officer wasn't there", "review_meeting", "2026-11-16"),
    ("AR is Monday 30th and the reports only arrived yesterday", "review_meeting", "2026-11-30"),
    ("My annual review was on the 12th of October, then I got a letter on 2 November with the changes they want to "
     "make. How long do I have to say what I think?", "amendments_sent", "2026-11-02"),
    ("I'm worried about a decision the head made on 4 November. The head has said he can't take part in the "
     "Christmas concert on 15 December. Is it disability discrimination?", "discrimination", "2026-11-04"),
])
def test_each_date_gets_its_event_in_the_way_parents_write_it(message, role, day):
    assert roles(message).get(role) == day


@pytest.mark.parametrize("message, role, day, not_taken", [
    # the family's own comments are no case event: the proposed changes keep their date
    ("annual review meeting 6/10. la sent proposed amendments 4/11. I sent comments back 18/11. when do they have to "
     "issue the final amended plan?", "amendments_sent", "2026-11-04", "2026-11-18"),
    # the young person's next course has its own date, the council's letter keeps its own
    ("Ok so the council said on the 2nd Nov they have decided to cease his ehcp because he's going to uni in sept.",
     "cease_notice", "2026-11-02", "2026-09"),
])
def test_a_date_of_something_else_in_the_same_part_does_not_take_the_events_date(message, role, day, not_taken):
    found = roles(message)
    assert found.get(role) == day
    assert not any(str(on).startswith(not_taken) for on in found.values())


def test_a_date_something_was_only_supposed_to_happen_is_not_its_date():
    message = ("Final EHCP arrived 2 Oct 25 naming a school we didnt want. The annual review was supposed to be in "
               "Sept this year but nothing has been arranged.")
    events, _ = note_conversation([(message, TODAY, 1.0)])
    known = current(events)
    assert known["final_plan"].on == "2025-10-02"
    assert "review_meeting" not in known or not known["review_meeting"].happened


def test_a_dated_list_reads_each_line_from_what_follows_its_date():
    found = roles("Chronology:\n14/09/2026 - placed on a reduced timetable (1.5 hours per day)\n"
                  "05/10/2026 - has not attended at all since this date\n19/10/2026 - mother made a complaint to the school")
    assert found == {"part_time_since": "2026-09-14", "out_of_school_since": "2026-10-05", "complaint_made": "2026-10-19"}


@pytest.mark.parametrize("message", [
    "he only gets 1.5 hours a day", "version 2.1 of the plan", "we left at 10.10", "reading age of 6.5",
    "knocked back for the 2nd time",
])
def test_numbers_that_are_not_dates_are_not_read_as_dates(message):
    assert [found.text for found in find_dates(message, TODAY) if "2nd" not in found.text] == []
    assert roles(message) == {}


@pytest.mark.parametrize("message", [
    "we met the caseworker on 16th Sept to go through it",
    "We're away from 19th Dec till 4th Jan",
    "the complaints team sent their final response on 20 August",
    "he'll be 14 on the 30th of December",
    "actually I rang them on the 5th",
    "His next LAC review is on 3 December",
    "they replied on 20th October saying no fault found",
    "I sent the review report and recommendations to the LA on 1 October",
    "everything went wrong on 21 October and someone said theres a time limit for discrimination claims. how long?",
    "school won't apply so I'm going to do it myself. if I send it tomorrow what's the deadline for them to decide?",
])
def test_dates_of_other_things_are_not_case_events(message):
    assert roles(message) == {}


def test_a_state_since_a_date_is_asked_about_not_taken_as_the_act_complained_of():
    assert roles("Since Mon 5th Oct things have really changed at school. Is it discrimination? How long have I got?") == {}
    assert pending("Since Mon 5th Oct things have really changed at school. Is it discrimination?").iso == "2026-10-05"


def test_a_correction_in_few_words_takes_the_month_of_the_date_it_corrects():
    assert roles("the cease to maintain letter was dated 1 Oct. appeal deadline please?", "ugh, 7th. fat fingers") == \
        {"cease_notice": "2026-10-07"}


def test_a_bare_day_for_a_month_only_event_stays_in_that_month():
    assert roles("Final plan was issued back in July I think.", "found the letter - it was finalised on the 29th.") == \
        {"final_plan": "2026-07-29"}


def test_an_answer_that_only_names_the_event_gives_the_unclear_date_its_role():
    assert roles("I've got 14th July on the calendar with EHCP next to it. When should the plan be ready?",
                 "when we applied") == {"request_sent": "2026-07-14"}


@pytest.mark.parametrize("question, target", [
    ("and the 16 week one?", "no_plan_decision"),
    ("When is the last date they can decide not to give him a plan?", "no_plan_decision"),
    ("the panel will decide whether he meets the threshold for a plan. When's the cut-off for that?", "no_plan_decision"),
    ("What is the latest date the council can tell us which secondary school he is going to?", "phase_transfer"),
    ("i got the proposed amendments on 16/11 and i dont agree with them. how long do i have to tell them?",
     "amendment_comments"),
    ("The SENCO says the paperwork goes to the LA whenever she gets a chance. Surely there's a time limit?",
     "review_report"),
    ("and after that, the bit where they decide whether to do a plan or not, how long", "no_plan_decision"),
    ("ds's plan was finalised 9th March this year and school have booked the annual review for Tuesday 2nd March. "
     "is that allowed or is it cutting it too fine?", "annual_review"),
    ("n wot about school sending the report is that late 2", "review_report"),
])
def test_questions_in_parents_words_name_the_right_deadline(question, target):
    assert target_for(question, {}, None, TODAY) == target


def test_a_question_about_discrimination_does_not_answer_what_an_unclear_date_was():
    first = "His carers told me he came to us in October and that he has been on mornings only since the 7th of September."
    assert "discrimination" not in roles(first, "Is it too late to do anything about disability discrimination?")
    assert roles("Something happened at school on Monday just gone and I am fuming.",
                 "They banned her from the panto trip because of her wheelchair. How long have I got?") == \
        {"discrimination": "2026-11-23"}


def test_a_second_deadline_question_in_the_same_message_is_answered_too():
    from actions.deadlines import answers_text
    from knowledge.deadline_questions import answer, asked_target, other_targets

    message = "the draft came on 4 November, how long do we have to comment? and when is the final plan due?"
    events, _ = note_conversation([(message, TODAY, 1.0)])
    known = current(events)
    first = asked_target(message)
    assert (first, other_targets(message, first)) == ("draft_comments", ["final_plan"])
    text, asked_for = answers_text(answer(first, known, TODAY), [answer("final_plan", known, TODAY)], known)
    assert "Wednesday 18 November 2026" in text and "You also asked" in text
    assert asked_for is not None and asked_for.missing_role == "request_sent"  # the one date still needed, asked for
    assert text.count("not legal advice") == 1
    assert other_targets("when is the final plan due?", "final_plan") == []


def test_a_missed_comment_window_is_not_called_an_appeal_or_a_claim():
    from actions.deadline_replies import deadline_reply
    from knowledge.deadline_questions import answer

    known = current(note_conversation([("we got the draft plan on 9/11", TODAY, 1.0)])[0])
    text = deadline_reply(answer("draft_comments", known, TODAY).deadline, known)
    assert "Monday 23 November 2026" in text and "send your comments now anyway" in text
    assert "appeal or claim" not in text


def test_the_family_s_own_deadline_is_the_reply_to_the_latest_document():
    events = current(note_conversation([("Review was 7/10. Letter dated 2/11/26 arrived with the amendment notice.",
                                         TODAY, 1.0)])[0])
    assert target_for("I'm putting a response together with his SALT. What's my deadline?", events, None, TODAY) == \
        "amendment_comments"


def test_the_notice_of_amendments_is_not_the_notice_of_a_review_meeting():
    message = "the amendment notice was dated 25th September if that helps. so is it late already?"
    events = current(note_conversation([(message, TODAY, 1.0)])[0])
    assert target_for(message, events, None, TODAY) == "final_amended_plan"


def test_a_council_taking_long_after_a_review_is_asked_about_its_decision():
    events = current(note_conversation([("AR was 21/10. everyone agreed he needs more SALT", TODAY, 1.0)])[0])
    assert target_for("nothing from the council since. are they allowed to take this long??", events, None, TODAY) == \
        "review_decision"
    assert target_for("The virtual school head wants to know when the LA's decision is legally due", events, None,
                      TODAY) == "review_decision"


def test_a_month_only_week_keeps_only_its_month():
    events, _ = note_conversation([("the council sent their proposed amendments the last week of September", TODAY, 1.0)])
    assert [(e.role, e.precision) for e in events if e.on] == [("amendments_sent", "month")]


def test_no_reports_yet_is_not_a_correction_of_the_meeting_date():
    assert roles("ds AR is on the 2nd of December", "no reports yet and its next week!! do i just turn up?") == \
        {"review_meeting": "2026-12-02"}


def test_how_long_to_tell_them_after_proposed_changes_is_the_family_s_reply():
    message = "After my review the council sent me their changes to my plan on 3rd Nov. How long have I got to tell them?"
    events = current(note_conversation([(message, TODAY, 1.0)])[0])
    assert target_for(message, events, None, TODAY) == "amendment_comments"


def test_taking_long_to_send_proposed_changes_is_about_the_review_decision():
    message = "got proposed amendments Tuesday 17 Nov, dd's AR was held 22 Sept. 8 weeks?! are they even allowed to take this long?"
    events = current(note_conversation([(message, TODAY, 1.0)])[0])
    assert target_for(message, events, None, TODAY) == "review_decision"
    waiting = "Request went in on 30 July. They agreed to assess on 10 Sept. No draft, no updates. Are they allowed to take this long??"
    assert target_for(waiting, current(note_conversation([(waiting, TODAY, 1.0)])[0]), None, TODAY) == "final_plan"


def test_a_letter_about_the_assessment_is_asked_about_not_taken_as_the_request():
    assert pending("we got a letter about dd's EHCNA on the 2nd. what happens now?").iso == "2026-11-02"
    assert roles("we got a letter about dd's EHCNA on the 2nd. what happens now?", "its saying they've agreed to assess her") \
        == {"assessment_agreed": "2026-11-02"}


def test_naming_the_next_step_in_a_question_does_not_answer_what_a_date_was():
    assert roles("decision came back on the 23rd of October. whats the deadline", "they wont even assess him",
                 "and the mediation bit, by when?") == {"assessment_refused": "2026-10-23"}


@pytest.mark.parametrize("question, target", [
    ("so whens the deadline for them to decide on a plan", "no_plan_decision"),
    ("DS is Y6 and going up to secondary. What's the date they have to name one by?", "phase_transfer"),
    ("Mum has been asking me when the LA will come back with a decision. What is the statutory deadline for the LA?",
     "review_decision"),
])
def test_more_questions_in_parents_words(question, target):
    assert target_for(question, {}, None, TODAY) == target


def test_a_report_sent_after_a_coming_meeting_is_the_review_report():
    message = ("AR booked for 10th December. school has said theyll do the report 'after' the meeting and send it in. "
               "When do they actually have to send it to the council?")
    assert target_for(message, current(note_conversation([(message, TODAY, 1.0)])[0]), None, TODAY) == "review_report"


def test_a_weekday_after_was_is_the_latest_one():
    assert roles("AR was tues, heard nothing. when do they have to tell me the outcome") == {"review_meeting": "2026-11-24"}
    assert target_for("AR was tues, heard nothing. when do they have to tell me the outcome",
                      current(note_conversation([("AR was tues, heard nothing.", TODAY, 1.0)])[0]), None, TODAY) \
        == "review_decision"


def test_a_bare_day_right_after_a_month_is_that_months_day():
    """"back in June (I think the 12th?)" is 12 June, never the latest 12th (12 November)."""
    from knowledge.event_notes import note_message

    notes = note_message("We applied for an EHCNA back in June (I think the 12th?) and were told yes they will "
                         "assess in July.", date(2026, 11, 27), 0.0, {})
    assert ("request_sent", "2026-06-12") in [(e.role, e.on) for e in notes.events]
    assert "2026-11-12" not in [e.on for e in notes.events]


def test_a_trip_a_child_may_not_join_next_week_is_not_the_date_of_the_schools_act():
    from knowledge.event_notes import note_message

    notes = note_message("now theyre saying he cant come on the school trip next week either. hes autistic. is this "
                         "even legal?", date(2026, 11, 27), 0.0, {})
    assert not [e for e in notes.events if e.role == "discrimination" and e.on and e.on > "2026-11-27"]


@pytest.mark.parametrize("message, role, day", [
    ("Her review meeting is booked for 21/01/27, is that late?", "review_meeting", "2027-01-21"),
    ("We put in a complaint on 4 May and the stage 2 reply came on 20 July", "complaint_made", "2026-05-04"),
    ("The council wrote on 1 March with their stage one response. I had complained on 10 February",
     "complaint_made", "2026-02-10"),
    ("my request went in a month ago and the LA phoned yesterday saying the request goes to panel next week",
     "request_sent", "2026-10-26"),
    ("the draft amended plan arrived after her review on 2nd Oct, I didn't note the day", "review_meeting",
     "2026-10-02"),
])
def test_a_date_keeps_its_own_event_not_a_neighbour_s(message, role, day):
    assert roles(message).get(role) == day
    assert len([d for d in roles(message).values() if d]) == 1, "no other event is invented from the same words"


@pytest.mark.parametrize("question, target", [
    ("Do I need a mediation certificate first? By when?", "mediation_contact"),
    ("what's the legal deadline for his post-16 placement to be named?", "phase_transfer"),
    ("We need a mediation certificate before the tribunal, don't we?", "mediation_contact"),
    ("her review is booked for 2 February, that's too late isn't it?", "annual_review"),
    ("once we reply to the amendments how long can they take to send us the final version", "final_amended_plan"),
    ("The SENCO posted the review report to the LA in October. Nobody has told us anything. When do they have to tell us?",
     "review_decision"),
])
def test_questions_about_the_step_before_an_appeal_and_the_post_16_placement(question, target):
    assert target_for(question, {}, None, TODAY) == target


def test_a_request_still_to_be_sent_is_no_request_sent():
    assert "request_sent" not in roles("The SENCO says she's sending the EHCNA request on Monday. How long will the LA take?")
    assert roles("We sent the request on 3 Sept and the school are sending their reports")["request_sent"] == "2026-09-03"


def test_a_transport_refusal_is_no_refusal_to_assess_and_names_no_tribunal_date():
    message = "LA refused transport for ds (10) to his special school, letter dated 2/11. how do i appeal??"
    assert "assessment_refused" not in roles(message) and "decision_letter" not in roles(message)
    assert target_for(message, {}, None, TODAY) is None


def test_a_date_after_an_aside_in_brackets_keeps_the_event_before_it():
    assert roles("We applied for an EHCNA for our dd (6, autistic, no speech) on 4th June.")["request_sent"] == "2026-06-04"



def test_a_coming_trips_month_and_a_worked_out_deadline_are_not_events():
    trip = roles("his teacher told me on weds he cant go on the Y4 residential in Jan because they cant guarantee his safety")
    assert "discrimination" not in trip or not str(trip["discrimination"]).startswith("2026-01")
    said = ("The mediation certificate came through dated 20/11/26. My SENDIASS worker said my appeal deadline is 16th "
            "December but my friend says its a month from the certificate which would be 20th Dec. Which is right??")
    assert roles(said).get("mediation_certificate") == "2026-11-20"


def test_a_correction_takes_the_event_of_the_date_it_takes_back_and_a_weekday_picks_the_month():
    first = "I applied to Lambeth for an EHCNA on 1st oct and got a letter dated 10/11 saying they WILL assess."
    fixed = "Actually sorry Ive just found the email and I sent it on 24/09 not 1st oct. Were they late deciding?"
    assert roles(first, fixed)["request_sent"] == "2026-09-24"
    first = "We asked Norfolk for an assessment in the summer and we finally got the draft EHCP last thurs."
    fixed = ("Sorry I should have said, the request went in on 2nd July. And the draft actually came by email on "
             "Tuesday 17th, the one last thurs was the paper copy. Does that change things?")
    found = roles(first, fixed)
    assert found["request_sent"] == "2026-07-02" and found["draft_plan"] == "2026-11-17"  # 17 July was a Friday


def test_the_monday_after_half_term_is_the_monday_after_the_usual_half_term_week():
    assert roles("SENCO sent the EHCNA request the Monday after October half term")["request_sent"] == "2026-11-02"
    assert roles("he's been on a part time timetable since the first day back after half term")["part_time_since"] == "2026-11-02"
    assert roles("we sent the request the monday after feb half term")["request_sent"] == "2026-02-23"
    # a correction to it, in a second message, replaces the date it corrects
    assert roles("SENCO said she sent off the request for an EHCNA, I think it was w/c 9th nov",
                 "she checked her emails and she actually sent it on the monday after half term not the 9th")["request_sent"] == "2026-11-02"


def test_the_day_assumed_for_half_term_is_said_so_the_family_can_correct_it():
    from knowledge.half_terms import assumed_half_term_note

    note = assumed_half_term_note("she actually sent it on the monday after half term not the 9th", TODAY)
    assert "Monday 2 November 2026" in note and "If your school's half term was another week" in note
    assert assumed_half_term_note("it was after half term some time", TODAY) is None


def test_a_letter_named_only_in_a_question_does_not_make_the_document_ambiguous():
    said = ("Finally got the draft EHCP for dd from Wiltshire!! Came by email on Thursday 19th Nov. Covering letter says "
            "I have 15 days to send comments. Also the request went in on 14/07 so when are they meant to send the final?")
    assert roles(said) == {"draft_plan": "2026-11-19", "request_sent": "2026-07-14"}


def test_a_review_still_to_come_in_a_month_is_next_years_and_not_yet_held():
    said = ("my EHCP was issued on mon 19th jan this year and school say my annual review will be 'sometime in feb'. "
            "is that ok? worried if the review is in feb there wont be time")
    events, _ = note_conversation([(said, TODAY, 1.0)])
    assert current(events)["review_meeting"].on == "2027-02-01"


def test_a_final_plan_promised_for_later_has_not_come():
    said = ("We applied for an EHCNA on 21/05/2026. The draft plan didnt turn up until w/c 9th Nov. Now the "
            "caseworker says the final will be 'early in the new year'. How late are they exactly?")
    events, _ = note_conversation([(said, TODAY, 1.0)])
    assert current(events)["final_plan"].happened is False


def test_two_days_offered_as_alternatives_give_the_event_no_day():
    """"It was emailed on a friday, either the 13th or the 20th i think": asked, never picked."""
    from datetime import date as _date
    from knowledge.event_notes import read
    found = read("The draft came, it was emailed on a friday, either the 13th or the 20th i think. How long to reply?",
                 _date(2026, 11, 28)).dates
    assert [d.role for d in found] == ["none", "none"]


def test_an_email_saying_the_council_will_review_is_no_review_meeting():
    from datetime import date as _date
    from knowledge.event_notes import read
    found = read("the AR was 17th March. And Essex finally emailed yesterday (27/11) saying the plan is transferred and "
                 "they'll review it 'in the spring term'. is that ok??", _date(2026, 11, 28)).dates
    assert [(d.phrase, d.role) for d in found if d.role != "none"] == [("17th March", "review_meeting")]


def test_the_notice_of_a_review_already_held_is_not_listed_to_chase():
    from datetime import date as _date
    from knowledge.timeline import SaidEvent, timeline_deadlines
    held = {"review_meeting": SaidEvent("review_meeting", "2026-10-06")}
    rules = [d.rule_id for d in timeline_deadlines(held, _date(2026, 11, 28))]
    assert "review_notice" not in rules and "review_decision" in rules


def test_september_27_after_applied_for_or_start_is_the_school_year_not_a_day():
    from datetime import date as _date
    from components.date_rules import find_dates
    assert find_dates("Plus I'm worried about secondary, I applied for Sept 27 before the deadline", _date(2026, 11, 28)) == []
    assert find_dates("DS is due to start reception Sept 27", _date(2026, 11, 28)) == []
    assert [d.iso for d in find_dates("the request went in on Sept 27", _date(2026, 11, 28))] == ["2026-09-27"]


@pytest.mark.parametrize("messages", [
    ("I sent the review request today, when will they reply?",),
    ("He is 17. The council said no to his college transport. I emailed asking for a review today.",),
    ("The council refused his college transport on 3 Nov. I've sent off the request for them to look at it again today.",),
    ("Hes 17 and the council wont pay for his taxi to college any more.", "I sent the review request today. When do they have to answer?"),
    ("we asked for an early review on 3 Nov",),
])
def test_asking_for_a_review_is_no_request_for_an_assessment(messages):
    found = roles(*messages)
    assert "request_sent" not in found and "assessment_refused" not in found, found


def test_a_request_for_an_assessment_still_counts_beside_a_review():
    assert roles("we requested an assessment on 3 September")["request_sent"] == "2026-09-03"
    assert roles("Sent the request 3rd Sept, the school will review his support next term")["request_sent"] == "2026-09-03"


def _at(day: date, *messages: str):
    events, _ = note_conversation([(text, day, float(i)) for i, text in enumerate(messages, 1)])
    return {role: event.on for role, event in current(events).items() if event.happened}


SUNDAY = date(2026, 11, 29)


@pytest.mark.parametrize("message, role, day", [
    # a weekday with its day number in brackets is that day, not the latest such weekday
    ("the draft EHCP came thru on email on Thursday (19th). Honestly its pretty thin.", "draft_plan", "2026-11-19"),
    # "decided 'not to proceed'" with an assessment is a refusal to assess
    ("a letter came on Monday just gone saying the LA have decided 'not to proceed' because school have not done enough",
     "assessment_refused", "2026-11-23"),
])
def test_dates_parents_write_read_as_the_day_and_event_they_mean(message, role, day):
    assert _at(SUNDAY, message).get(role) == day


@pytest.mark.parametrize("message", [
    "On top of that I got a letter dated 13/11 turning down his school transport because we live 2.4 miles away.",
    "on the 20th I got a letter from the attendance officer saying her attendance is 41% and I could get a fine",
    "I got a letter from the council dated 9th Nov saying they are 'minded to cease' my EHCP. I have until the 30th to make representations.",
    "a mate reckons Ive missed the secondary application deadline (31st Oct) because I never filled in the normal form",
    "Ive asked the SENCO twice (last time 4/11) to apply for an EHCNA and she says he doesnt need one",
    "School said they sent the AR paperwork to the LA on the 13th.",
])
def test_a_date_that_is_no_step_of_the_ehc_process_makes_no_event(message):
    found = _at(SUNDAY, "Her annual review was on 5 November.", message) if "AR" in message else _at(SUNDAY, message)
    assert set(found) <= {"review_meeting"}, found
    if "AR" in message:
        assert found["review_meeting"] == "2026-11-05"


def test_a_correction_of_the_letters_date_never_moves_the_request():
    first = ("I emailed the EHCNA request on the 4th of Sept. A letter came on Monday saying the LA decided "
             "'not to proceed'. How long to appeal?")
    correction = "no sorry the letter was actually dated the 12th, it took ages to turn up"
    events, unclear = note_conversation([(first, SUNDAY, 1.0), (correction, SUNDAY, 2.0)])
    found = current(events)
    assert found["request_sent"].on == "2026-09-04"
    # the refusal's date, or a question about the 12th: never the request moved to 12 September
    assert found.get("assessment_refused") and found["assessment_refused"].on == "2026-11-12" or unclear.iso == "2026-11-12"


def test_a_refusal_after_weeks_of_silence_ends_the_wait():
    from knowledge.timeline import outcomes
    events, _ = note_conversation([("I sent the request on 4 September. Heard nothing for weeks and then a letter came "
                                    "on Monday saying they will not assess.", SUNDAY, 1.0)])
    assert "assessment_agreed" not in outcomes(current(events), SUNDAY).not_yet


def test_dates_about_a_stage_of_a_review_are_never_asked_about_as_ehc_steps():
    from knowledge.event_notes import read
    from knowledge.event_words import UNCLEAR
    said = "The stage 1 letter is dated the 20th Nov but didnt arrive until Mon 23rd. Which date do I count from?"
    reading = read(said, date(2026, 11, 29))
    assert reading.dates and all(found.role != UNCLEAR for found in reading.dates)


@pytest.mark.parametrize("said, phrase, meant", [
    ("There is a school trip to the Christmas market on the 9th Dec which he is very worried about.", "9th Dec", "2026-12-09"),
    ("Now theyve said he cant go on the panto trip on 10 dec 'for safety'.", "10 dec", "2026-12-10"),
    ("I've seen the normal school applications close 15 Jan, do we have to do that as well?", "15 Jan", "2027-01-15"),
    ("my tutor said i have 2 months from when i got it so thats the 9th jan??", "9th jan", "2027-01-09"),
    ("The final plan was issued on 14 December.", "14 December", "2025-12-14"),
    ("I complained to the council on 8th Jan and heard nothing.", "8th Jan", "2026-01-08"),
    ("Amended plan finalised after AR on 3 Dec.", "3 Dec", "2025-12-03"),
])
def test_a_day_and_month_said_of_something_ahead_is_the_coming_one_and_one_done_stays_past(said, phrase, meant):
    found = {f.text.replace("on ", ""): f.iso for f in find_dates(said, date(2026, 11, 29))}
    assert found[phrase] == meant


def test_a_school_admissions_application_is_no_request_for_an_assessment():
    from knowledge.event_notes import read
    said = ("His teacher said we'd missed the 31st Oct deadline for secondary applications, so I panicked and did an "
            "online application on 2 Nov for our catchment school as a back-up.")
    assert all(found.role != "request_sent" for found in read(said, date(2026, 11, 29)).dates)


@pytest.mark.parametrize("said, corrects", [
    ("Sorry if I'm not making sense. On Friday night she told me she doesn't want to be alive.", False),
    ("Hi sorry this is long, the draft came on the 3rd", False),
    ("sorry, it was the 9th not the 2nd", True),
    ("no sorry I just dug it out and the letter was actually dated the 12th", True),
])
def test_an_apology_is_no_correction_of_a_date(said, corrects):
    from knowledge.event_notes import read_by_rules
    assert read_by_rules(said, date(2026, 11, 29))[1].correction is corrects


def test_a_day_inside_the_week_given_before_pins_that_event():
    from knowledge.event_notes import adds_dated_news, notes_from_reading, read
    today = date(2026, 11, 29)
    first = notes_from_reading(read("Her Y11 review was w/c 16th, I can't remember which day.", today), 1.0, {})
    assert [(e.role, e.precision) for e in first.events] == [("review_meeting", "week")]
    said = "Found the email, it was Weds 18th Nov."
    second = notes_from_reading(read(said, today), 2.0, current(list(first.events)))
    assert [(e.role, e.on) for e in second.events] == [("review_meeting", "2026-11-18")] and not second.unclear
    assert adds_dated_news(said, today) and not adds_dated_news("We went to the park on Sunday.", today)


def test_a_later_stage_of_a_complaint_keeps_the_first_complaint_date_but_a_correction_moves_it():
    """The Ombudsman's 12 months run from when the family first knew (Local Government Act 1974, s26B(2)):
    escalating to stage 2 does not move them; "the first complaint was 2nd October not September" does."""
    today = date(2026, 11, 29)
    first = ("Section F says 6 sessions of SALT per half term. I complained to the council on 2nd Sept, stage 1 reply "
             "on 30/9 said they are 'recruiting', I escalated to stage 2 on 5th Oct and have heard nothing.")
    events, _ = note_conversation([(first, today, 1.0)])
    assert current(events)["complaint_made"].on == "2026-09-02"
    corrected = ("sorry, my mistake, the first complaint was 2nd October not September, stage 1 reply was 30/10 and "
                 "I escalated on 5th Nov. Does that change the Ombudsman thing?")
    events, _ = note_conversation([(first, today, 1.0), (corrected, today, 2.0)])
    assert current(events)["complaint_made"].on == "2026-10-02"


def test_the_day_the_council_received_the_request_is_the_request_date_not_the_day_it_was_posted():
    """SEND Regulations 2014, regulations 5(1) and 13(2) count from the council's receipt of the request."""
    today = date(2026, 11, 29)
    said = ("I sent the EHC needs assessment request myself, posted it on 25th Sept recorded delivery and the council "
            "sent an acknowledgment letter saying it was recieved 1/10. Is it 20 weeks from when I sent it or when they got it?")
    events, unclear = note_conversation([(said, today, 1.0)])
    assert current(events)["request_sent"].on == "2026-10-01" and unclear is None


# Trial Q (written fresh, 2026-11-29): corrections and dates that are no case event.
def test_a_correction_that_repeats_the_day_of_an_event_moves_that_event_not_a_new_one():
    first = "I sent the EHCNA request to the SEN team myself by email on Mon 19th Oct and got an auto-reply the same day."
    second = ("sorry just checked my sent folder - I WROTE it on the 19th but didnt actually hit send till Weds 21st, "
              "the 19th was just when I saved the draft. does that change it?")
    found = roles(first, second)
    assert found["request_sent"] == "2026-10-21" and "draft_plan" not in found and pending(first, second) is None


def test_a_meeting_moved_to_another_day_is_the_meeting_even_after_a_letter_date_was_asked_for():
    events, _ = note_conversation(
        [("His AR was on 17th Sept. School sent the AR report off on 25/09. I rang on the 20th Oct and was told its in the queue.",
          TODAY, 1.0),
         ("omg sorry Ive just found the invite - the meeting was actually MOVED to the 24th Sept cos the EP was off sick. "
          "the 17th was the original date. so does that push everything back a week?", TODAY, 2.0)],
        asked=[None, "decision_letter"])
    known = {role: e.on for role, e in current(events).items() if e.happened}
    assert known == {"review_meeting": "2026-09-24"}, known  # not the report sent, the chasing call or a decision letter


@pytest.mark.parametrize("message", [
    "and if they dont send it by the 17th? can I appeal?",
    "Also his SALT review is on 15th Dec which might have useful evidence",
])
def test_a_day_something_is_due_by_or_a_therapy_review_is_no_case_event(message):
    assert roles(message) == {}


def test_a_reply_dated_in_one_sentence_is_the_decision_the_next_sentence_gives():
    """Trial R14: "They replied Friday (27th)! Decision is to amend, but 'draft amendments will follow in the new
    year'": the 27th is the council's decision after the review, not a date to ask about."""
    today = date(2026, 11, 30)
    said = "They replied Friday (27th)! Decision is to amend, but 'draft amendments will follow in the new year'. Is that OK?"
    events, unclear = note_conversation([(said, today, 1.0)])
    assert current(events)["review_decision"].on == "2026-11-27" and unclear is None
    refused = "council replied on 3rd nov. they refused to assess. what now"
    events, _ = note_conversation([(refused, today, 1.0)])
    assert current(events)["assessment_refused"].on == "2026-11-03"
    events, unclear = note_conversation([("they replied on the 3rd nov and I cried", today, 1.0)])
    assert "review_decision" not in current(events)


def test_a_letter_on_one_of_two_days_came_and_its_own_date_later_is_that_letters():
    """Trial S10: "council said NO, letter came either the 2nd or 9th" means the refusal came (the 6-week decision is
    not late, nothing is asked about it), its day unknown; "found it!! its dated 30/10 but it came on the 2nd,
    envelope postmark 31st" then dates that letter, and the days it travelled are no new events to ask about."""
    today = date(2026, 11, 30)
    first = ("i asked for an ehcp assessment for my son back end of sept cos school wer doin nothing. council said NO, "
             "letter came either the 2nd or 9th i cant remember. wen is the last day i can appeal??")
    events, unclear = note_conversation([(first, today, 1.0)])
    refused = current(events)["assessment_refused"]
    assert refused.happened and refused.on is None and unclear is None
    found = "found it!! its dated 30/10 but it came on the 2nd, envelope postmark 31st"
    events, unclear = note_conversation([(first, today, 1.0), (found, today, 2.0)])
    assert current(events)["assessment_refused"].on == "2026-10-30" and unclear is None


def test_the_parents_own_agreement_and_actually_in_a_question_are_no_council_decision_or_correction():
    """Trial S02: "Do I actually have to agree to the part time timetable? I only said yes on the day" named the
    council agreeing to assess and read as a correction, so the school's request date became the council's yes."""
    today = date(2026, 11, 30)
    first = ("the SENCO said she'd sent off for an EHC needs assessment to Shropshire 'at the beginning of October, first "
             "week I think' and we've heard absolutely nothing since. Is the council late?")
    second = ("SENCO just emailed me back - she sent it Tuesday 6th October. Do I actually have to agree to the part time "
              "timetable? I only said yes on the day because the head made it sound like the alternative was exclusion.")
    events, _ = note_conversation([(first, today, 1.0), (second, today, 2.0)], asked=[None, "request_sent"])
    known = current(events)
    assert known["request_sent"].on == "2026-10-06"
    assert "assessment_agreed" not in known or not known["assessment_agreed"].happened


def test_an_emailed_request_counts_from_the_day_it_was_sent_not_the_day_the_council_logged_it():
    """Trial S08: "i emailed the derbyshire sen team on thursday night just gone (about 11pm) and this morning they
    replied saying my request was 'received on 30/11/2026'. which date actually counts for the 6 weeks?" An email
    arrives when it is sent: 26 Nov is the request date (the safe one), and a note says why."""
    from knowledge.concerns import reply_notes

    today = date(2026, 11, 30)
    said = ("i emailed the derbyshire sen team asking for an ehc needs assessment on thursday night just gone (about 11pm) "
            "and this morning they replied saying my request was 'received on 30/11/2026'. which date actually counts "
            "for the 6 weeks?")
    events, _ = note_conversation([(said, today, 1.0)])
    assert current(events)["request_sent"].on == "2026-11-26"
    assert any("ask the council in writing to correct its date" in note for note in reply_notes(said))
    posted = ("I sent the EHC needs assessment request myself, posted it on 25th Sept recorded delivery and the council "
              "sent an acknowledgment letter saying it was recieved 1/10.")
    events, _ = note_conversation([(posted, today, 1.0)])
    assert current(events)["request_sent"].on == "2026-10-01"  # a posted request: the day it arrived


# Trial V (session 45): a weekday and day soon ahead, what went with a request, a panel's day, "fri (4th)"
@pytest.mark.parametrize("message, phrase, iso, role", [
    ("Governors upheld it on Wed 9th. Clerk emailed the letter Thurs 10th Dec.", "Wed 9th", "2026-12-09", None),
    ("sorry I read it wrong, it says from WEDNESDAY 2nd not tuesday", "WEDNESDAY 2nd", "2026-12-02", None),
    ("the draft came on Fri 9th", "Fri 9th", "2026-10-09", "draft_plan"),  # long ago, but nothing soon ahead fits
    ("I emailed my own request to the council SEN team on tuesday 13th october with his OT report and a letter from the GP.",
     "tuesday 13th october", "2026-10-13", "request_sent"),
    ("lady said the 6 weeks doesnt start till it goes to panel and his panel is thurs 10th dec", "thurs 10th dec", "2026-12-10", "none"),
])
def test_weekday_days_soon_ahead_attachments_and_panels_read_as_parents_mean_them(message, phrase, iso, role):
    from knowledge.event_notes import read_by_rules
    _, reading, _ = read_by_rules(message, date(2026, 11, 30))
    [found] = [d for d in reading.dates if d.phrase == phrase]
    assert found.iso == iso and (role is None or found.role == role)


def test_a_weekday_with_its_day_in_brackets_is_that_day():
    [found, _] = find_dates("ok im gonna email it on fri (4th) after his parents evening on thurs", date(2026, 11, 30))
    assert (found.text, found.iso) == ("on fri (4th)", "2026-12-04")


# Trial W (session 45): the parent's own chasers, a hearing, "it's now", a council document's arrival
@pytest.mark.parametrize("message, role, day", [
    ("Since then NOTHING from KCC. No letter, no draft, nada. I've emailed the case officer twice (16th Oct and 9th Nov) no reply.",
     "draft_plan", None),
    ("council sent a draft amended plan with a letter dated 29 oct (got it on the 31st). i sent my comments back on 10 nov",
     "amendments_sent", "2026-10-29"),
    ("we finally got the final EHCP - letter dated 28th Oct, arrived 2nd Nov. But section F is soooo vague", "final_plan", "2026-10-28"),
    ("Hearing was 24 Sept and we WON. It's now the end of Nov and we've had nothing - not even a draft.", "draft_plan", None),
])
def test_a_council_document_keeps_its_own_date_and_the_familys_chasers_are_no_event(message, role, day):
    from knowledge.event_notes import note_message
    notes = note_message(message, date(2026, 11, 30), 1.0, {})
    dated = [e.on for e in notes.events if e.role == role and e.happened]
    assert dated == ([day] if day else [])

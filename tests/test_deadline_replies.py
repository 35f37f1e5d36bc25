"""What a parent reads when a deadline counts from a date given only to the month or season."""
from __future__ import annotations

from datetime import date

import pytest

from actions.concern_replies import limit_line
from actions.deadline_replies import deadline_reply, missing_date_question, range_lines
from knowledge.concerns import concerns, delay_told
from knowledge.deadline_questions import answer, target_for
from knowledge.event_notes import note_conversation
from knowledge.timeline import SaidEvent, current

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


def test_a_plan_that_came_late_is_not_chased_and_its_draft_window_is_not_asked_for():
    from actions.concern_replies import as_things_stand, concern_block, said_to

    text = ("Just got the final plan through today after 31 weeks (request went in 22nd April). Section F has no "
            "hours. What now?")
    known = _known(text)
    table = as_things_stand(said_to(False, True), known, TODAY)
    late = concern_block(1, table["assessment_delay"], known, TODAY, said=text)
    assert "The plan has come, but late" in late and "ask when it will be issued" not in late
    assert "79 days late" in late
    draft = concern_block(2, table["draft_plan_problems"], known, TODAY, said=text)
    assert "date of the draft plan" not in draft and "appeal" in draft


def test_after_mediation_nobody_is_sent_back_to_the_mediation_adviser():
    from actions.concern_replies import as_things_stand, concern_block, said_to

    text = ("Council sent a letter saying they intend to cease dd's EHCP, its dated 2nd November. We had mediation "
            "last week (the 19th) and got the certificate yesterday. When do we have to appeal by?")
    known = _known(text)
    assert "mediation_certificate" in known
    table = as_things_stand(said_to(False, True), known, TODAY)
    blocks = [concern_block(n, table[c], known, TODAY, answered="tribunal_appeal", said=text)
              for n, c in enumerate(("cease_plan", "appeal_tribunal", "mediation"), 1)]
    steps = [b.split("Next step:")[1] for b in blocks]
    assert not any("mediation adviser" in step or "Contact the adviser" in step for step in steps), steps
    assert "Contact the mediation adviser:" not in blocks[2] and "certificate" in blocks[2]


def test_a_time_limit_question_about_transport_gets_the_transport_answer_not_the_ehc_deadlines():
    from knowledge.concerns import asks_beyond_ehc_limits

    assert asks_beyond_ehc_limits("LA have refused transport for my daughter (Y7, autism, 4.5 miles to her special "
                                  "school). She cannot travel alone. How do I appeal and how long do I have?")
    assert not asks_beyond_ehc_limits("the council refused to assess, how long do I have to appeal?")


def test_the_certificate_letter_is_not_offered_once_the_certificate_has_come():
    from actions.concerns import with_letter_offer

    known = _known("the council decided to cease the plan on 2nd November. got the mediation certificate yesterday")
    _, letter = with_letter_offer("reply\n\nI am not a lawyer.", ["cease_plan", "appeal_tribunal"], "when do we appeal?", known)
    assert letter != "mediation_certificate"
    _, before = with_letter_offer("reply\n\nI am not a lawyer.", ["cease_plan"], "when do we appeal?", {})
    assert before == "mediation_certificate"


def test_a_school_named_in_a_draft_asks_for_no_decision_letter():
    from actions.concern_replies import as_things_stand, concern_block, said_to

    text = "We got the draft EHCP on the 20th. How long do we have to reply? Also they want to name a school 40 minutes away."
    known = _known(text)
    table = as_things_stand(said_to(False), known, TODAY)
    block = concern_block(1, table["school_placement"], known, TODAY, said=text)
    assert "date of the decision letter" not in block


def test_the_draft_plan_letter_is_not_offered_once_the_final_plan_has_come():
    from actions.concerns import with_letter_offer

    known = _known("got the final plan on 2nd oct naming a school we didnt want. got the mediation certificate on 20/11")
    _, letter = with_letter_offer("reply\n\nI am not a lawyer.", ["school_placement", "appeal_tribunal"], "last day?", known)
    assert letter is None
    _, before = with_letter_offer("reply\n\nI am not a lawyer.", ["school_placement"], "last day?", {})
    assert before == "draft_plan_meeting"



def test_an_appeal_with_mediation_still_to_come_gives_the_later_date_a_certificate_would_give():
    from knowledge.deadline_questions import answer
    from knowledge.event_notes import note_conversation
    from knowledge.timeline import current
    from actions.deadline_replies import appeal_after_booked_mediation

    today = date(2026, 11, 28)
    said = "Got the refusal to issue letter on 20th Oct after the assessment. Mediation booked 2 dec. if mediation fails how long do I have to appeal?"
    known = current(note_conversation([(said, today, 1.0)])[0])
    found = answer("tribunal_appeal", known, today).deadline
    assert found.due == date(2026, 12, 21)
    line = appeal_after_booked_mediation(found, known, today)
    assert "at least until Monday 4 January 2027" in line  # 2 January is a Saturday
    assert appeal_after_booked_mediation(found, {k: v for k, v in known.items() if k != "mediation_meeting"}, today) is None


def test_a_question_about_the_draft_is_told_the_draft_has_no_date_of_its_own():
    from actions.deadline_replies import DRAFT_NOTE, deadline_notes

    assert deadline_notes("final_plan", "when should we get the draft and is the sending home even allowed??") == [DRAFT_NOTE]
    assert deadline_notes("final_plan", "when is the final plan due?") == []


def test_an_appeal_with_mediation_asked_for_says_the_certificate_can_give_more_time():
    from actions.deadline_replies import MEDIATION_ASKED_NOTE, deadline_notes

    said = ("Devon sent a letter dated 30th Sept saying they wont issue a plan. We asked for mediation last week "
            "and they say nothing til january. Whats my deadline for the tribunal now?")
    assert MEDIATION_ASKED_NOTE in deadline_notes("tribunal_appeal", said)
    assert MEDIATION_ASKED_NOTE not in deadline_notes("tribunal_appeal", "mediation certificate came 20/11, when must I appeal?")
    assert MEDIATION_ASKED_NOTE not in deadline_notes("tribunal_appeal", "letter dated 30 Sept, when is the last day to appeal?")


def test_mediation_asked_for_in_time_with_its_day_is_not_told_the_two_month_date_is_the_last_day():
    from actions.deadline_replies import MEDIATION_ASKED_NOTE, deadline_notes, deadline_reply

    said = ("Devon assessed him but then sent a letter dated 30th Sept saying they wont issue a plan. I rang the mediation "
            "service on 25th nov and said yes we DO want mediation, theyre trying to set a date but the LA says nothing "
            "til january. Whats my deadline for the tribunal now, have I missed it?")
    known = _known(said)
    found = answer(target_for(said, known), known, TODAY).deadline
    reply = deadline_reply(found, known, said)
    assert reply.startswith("Last day to appeal: 1 month after the date on your mediation certificate")
    assert "Wednesday 25 November 2026" in reply and "you have not missed it" in reply
    assert "within 30 days" in reply and "Monday 30 November 2026, if that is later" in reply
    assert MEDIATION_ASKED_NOTE not in deadline_notes("tribunal_appeal", said)
    # asked after the 2 months: the plain answer, which says the date has passed
    late = said.replace("25th nov", "2nd dec").replace("30th Sept", "30th Aug")
    assert "you have not missed it" not in deadline_reply(answer(target_for(late, _known(late)), _known(late), TODAY).deadline,
                                                          _known(late), late)


def test_an_appeal_already_lodged_is_not_told_its_last_day_passed():
    from actions.deadline_replies import deadline_reply

    said = ("We appealed Durhams refusal to assess our ds. Refusal letter was dated 17/07, we got the certificate then "
            "lodged the appeal on Weds 9th Sept. Now Durham say they wont oppose. When does the clock start now?")
    known = _known(said)
    found = answer("tribunal_appeal", known, TODAY).deadline
    reply = deadline_reply(found, known, said)
    assert "will not oppose your appeal" in reply and "passed" not in reply and "regulation 45(3) and (3A)" in reply
    assert "within 14 weeks" in reply and "not from your first request" in reply
    assert "mediation_certificate" not in known  # the day the appeal went in is no certificate


def test_a_review_meeting_known_to_the_week_gives_a_range_and_asks_for_the_day():
    known = _known("His annual review was w/c 9th Nov and nobody can tell me the actual date. Whens the deadline for the council to decide?")
    assert known["review_meeting"].precision == "week"
    reply = missing_date_question(answer("review_decision", known, TODAY), known)
    assert "between Monday 7 December 2026 and Friday 11 December 2026" in reply
    assert "in the week of Monday 9 November 2026" in reply and "exact date of the review meeting" in reply


def test_a_letter_proposing_to_stop_the_plan_is_not_the_decision_and_its_views_date_is_given():
    from actions.deadline_replies import deadline_reply

    first = ("hi im 19 and at college. i got a letter from leicestershire dated monday 2nd november saying they are going "
             "to stop my EHCP because i have a saturday job now. what can i do and is there a deadline?")
    second = ("ive looked at the letter again and it actually says 'we are proposing to cease' and asks me to send my views "
              "by mon 30th nov. so is that the decision or not? and what should i put")
    known = _known(first, second)
    found = answer("tribunal_appeal", known, TODAY).deadline
    from actions.deadline_replies import cease_consultation_reply

    reply = cease_consultation_reply(found, known, second, TODAY)
    assert reply.startswith("Not yet.") and "regulation 31" in reply
    assert "Send your views by Monday 30 November 2026" in reply and "in 3 days" in reply
    assert deadline_reply(found, known, second).startswith("Not yet.")
    assert "within 2 months of that decision letter" in reply
    assert not deadline_reply(found, known, first).startswith("Not yet.")
    from actions.deadline_replies import deadline_notes

    assert deadline_notes("tribunal_appeal", second) == []  # the answer says it; no second regulation 31 note
    assert deadline_notes("tribunal_appeal", first)  # "going to stop": the earliest, safe date note


def test_the_list_of_deadlines_says_which_day_it_took_for_the_monday_after_half_term():
    from actions.deadlines import deadlines_message
    from knowledge.timeline import timeline_deadlines

    said = "she actually sent it on the monday after half term not the 9th. so what date is it now?"
    known = _known("SENCO sent the EHCNA request, I think it was w/c 9th nov", said)
    text = deadlines_message(timeline_deadlines(known, TODAY), None, said)
    assert "Monday 14 December 2026" in text and "If your school's half term was another week" in text


def test_a_review_booked_after_its_limit_is_not_counted_as_held_and_is_called_late():
    from actions.deadline_replies import deadline_reply

    said = "my EHCP was issued on mon 19th jan this year and school say my annual review will be 'sometime in feb'. is that ok?"
    known = _known(said)
    reply = deadline_reply(answer("annual_review", known, TODAY).deadline, known, said)
    assert "Monday 18 January 2027" in reply and "this one is done" not in reply
    assert "in February 2027, is after this date, so it would be late" in reply


def test_a_part_of_a_month_is_a_ten_day_range_not_the_whole_month():
    """"We sent the request beginning of Oct": 1 to 10 October, so the decision was due by 21 November at the latest."""
    from knowledge.event_notes import read
    from knowledge.timeline import PART, SaidEvent, span
    found = read("We sent the request beginning of Oct. When will we hear?", date(2026, 11, 28)).dates[0]
    assert (found.iso, found.precision) == ("2026-10-01", PART)
    assert span(SaidEvent("request_sent", "2026-10-21", PART)) == (date(2026, 10, 21), date(2026, 10, 31))
    assert span(SaidEvent("request_sent", "2026-04-11", PART)) == (date(2026, 4, 11), date(2026, 4, 20))
    reply = answer("assessment_decision", {"request_sent": SaidEvent("request_sent", "2026-10-01", PART)}, date(2026, 11, 28))
    text = range_lines(reply, SaidEvent("request_sent", "2026-10-01", PART))
    assert "Saturday 21 November 2026 at the latest" in text and "the beginning of October 2026" in text


def test_the_last_day_to_appeal_says_to_get_the_mediation_certificate_first():
    known = {"assessment_refused": SaidEvent("assessment_refused", "2026-11-02")}
    found = answer("tribunal_appeal", known, date(2026, 11, 28)).deadline
    reply = deadline_reply(found, known, "LA refused to assess, letter dated 2 Nov. whens the last day to appeal?")
    assert "Monday 4 January 2027" in reply and "contact the mediation adviser" in reply
    assert "contact the mediation adviser" not in deadline_reply(found, known, "we asked for mediation last week")


def test_a_plan_a_year_old_with_no_review_is_an_overdue_review_and_chasing_school_is_no_event():
    from actions.concern_replies import concerns_reply
    from knowledge.concerns import delays_in
    said = ("DS got his EHCP on the 10th of Nov last year. Lancashire havent mentioned an annual review at all. "
            "I chased school on the 12th and the SENCO said first reviews are being done in the spring.")
    known = _known(said)
    assert list(known) == ["final_plan"]
    assert delays_in(known, TODAY) == ["annual_review_not_acted"]
    reply, _ = concerns_reply(["annual_review_not_acted"], known, TODAY, said=said)
    assert "Review of the EHC plan: Monday 9 November 2026" in reply
    assert "date of the review meeting" not in reply


def test_a_plan_that_came_within_20_weeks_is_said_to_be_on_time_not_chased():
    from actions.concern_replies import concerns_reply
    from knowledge.timeline import SaidEvent
    known = {"request_sent": SaidEvent("request_sent", "2026-06-12"), "final_plan": SaidEvent("final_plan", "2026-10-14")}
    reply, _ = concerns_reply(["assessment_delay"], known, TODAY, said="The final plan came dated 14th Oct, surely thats illegal??")
    assert "Friday 30 October 2026" in reply and "so it was on time" in reply
    assert "Say which time limit has passed" not in reply and "summer holiday" not in reply


def test_the_school_asked_for_after_proposed_changes_is_dated_by_the_comments_window():
    from actions.concern_replies import concerns_reply
    said = ("my annual review was on the 14th of October and I said I want to go to the college in Mansfield. Notts "
            "sent the proposed changes to my plan on friday the 20th and section I says 'post 16 provision TBC'. "
            "The letter says I have 15 days to reply. I emailed my SEN officer on the 23rd and no reply yet.")
    reply, _ = concerns_reply(["school_placement"], _known(said), TODAY, said=said, young_person=True, with_plan=True)
    assert "Your comments on the proposed changes: Friday 4 December 2026" in reply
    assert "date of the decision letter" not in reply


def test_a_waiting_list_is_not_an_excuse_for_the_time_limits():
    from knowledge.concerns import reply_notes

    said = ("the LA agreed to assess on 12th Nov but the EP service say they cant see her until March because of "
            "their waiting list. can they use that as an excuse to go over the 20 weeks?")
    assert any("not a reason the law allows" in note for note in reply_notes(said))
    assert not any("not a reason the law allows" in note for note in reply_notes("we are on the CAMHS waiting list for ADHD"))


@pytest.mark.slow
def test_a_corrected_letter_date_re_answers_the_appeal_asked_before_then_the_new_question(service):
    import uuid
    sender = f"parent-{uuid.uuid4()}"
    texts = lambda replies: " ".join(r.get("text", "") for r in replies)  # noqa: E731
    service.say(sender, "I emailed the EHCNA request myself on the 4th of September. A letter came on Monday saying the LA "
                        "have decided 'not to proceed'. How long have I got to appeal?")
    service.say(sender, "ok so when do I have to appeal by then, is it 2 months from when I got it on Monday?")
    reply = texts(service.say(sender, "no sorry the letter was actually dated the 12th, it took ages to turn up. does that "
                                      "change it? and is it bad they took way longer than 6 weeks to decide?"))
    assert "Last day to appeal to the SEND Tribunal: Tuesday 12 January 2027" in reply
    assert reply.index("Last day to appeal") < reply.index("Decision on the EHC needs assessment")


def test_a_quoted_proposal_to_cease_gets_the_views_day_and_no_appeal_date_yet():
    from datetime import date
    from actions.deadline_replies import cease_proposal_lines
    said = ("ok ive found it. it says 'the local authority is proposing to cease to maintain your EHC plan' and "
            "'please send us your views by 4 December 2026'. it doesnt say anything about tribunal or mediation")
    lines = cease_proposal_lines(said, date(2026, 11, 29))
    assert lines[0].startswith("Not yet.") and "regulation 31" in lines[0]
    assert "Send your views by Friday 4 December 2026" in lines[1]
    assert cease_proposal_lines("the council has decided to cease the plan, letter dated 2 Nov", date(2026, 11, 29)) is None


def test_views_due_tomorrow_are_said_as_tomorrow_not_in_1_days():
    from datetime import date
    from actions.deadline_replies import cease_proposal_lines
    said = "the council is proposing to cease his EHC plan, please send us your views by 4 December 2026"
    assert "(that is tomorrow)" in cease_proposal_lines(said, date(2026, 12, 3))[1]
    assert "(in 5 days)" in cease_proposal_lines(said, date(2026, 11, 29))[1]
    assert "(that is today)" in cease_proposal_lines(said, date(2026, 12, 4))[1]


def test_a_young_persons_quoted_proposal_to_cease_gets_the_views_day_not_the_letters_date_in_the_concerns_answer():
    from datetime import date
    from actions.concern_replies import limit_line
    from knowledge.concerns import concerns
    said = ("now the council sent ME a letter dated 16/11 saying they are 'proposing to cease' my EHCP because im not in "
            "education and i have to reply with my views by 30th Nov. do the rights pass to me at 16?")
    line = limit_line(concerns()["cease_plan"], {}, date(2026, 11, 29), said)
    assert line.startswith("Send your views by Monday 30 November 2026") and "(that is tomorrow)" in line, line
    assert "16 November" not in line


def test_mediation_asked_for_in_an_earlier_message_keeps_the_appeal_open_in_a_later_answer():
    first = ("The letter saying they WONT issue a plan is dated 2nd Oct. I rang the mediation people on 25/11 and said I want "
             "mediation, and I emailed the LA on the 26th to tell them too.")
    events, _ = note_conversation([(first, TODAY, 1.0)])
    found = answer("tribunal_appeal", current(events), TODAY).deadline
    reply = deadline_reply(found, current(events), "so do I need to send the appeal by wednesday or not??", conversation=first)
    assert reply.startswith("Last day to appeal: 1 month after the date on your mediation certificate"), reply
    assert "Wednesday 25 November 2026" in reply


def test_a_question_about_the_council_missing_its_date_gets_what_to_do_then():
    events, _ = note_conversation([("I sent the EHCNA request on Weds 21st Oct", TODAY, 1.0)])
    found = answer("assessment_decision", current(events), TODAY).deadline
    reply = deadline_reply(found, current(events), "ok and if they dont reply by then? tbh they never answer the phone")
    assert "Wednesday 2 December 2026" in reply and "If it has not happened by then:" in reply


def test_a_plan_refused_after_the_assessment_shows_the_decision_to_assess_was_made():
    from knowledge.deadlines import MET
    events, _ = note_conversation([("Essex did DS's EHCNA over the summer, request went in 12th May, and then sent a letter "
                                    "dated 2nd Oct saying they WONT issue a plan", TODAY, 1.0)])
    found = answer("assessment_decision", current(events), TODAY).deadline
    assert found.status == MET and found.met_on is None  # no "Has it?", and no lateness claimed from the refusal's date
    assert "Has it?" not in deadline_reply(found, current(events))


def test_comments_already_sent_are_not_asked_for_again():
    events, _ = note_conversation([("LA sent the proposed amendments on 05/11 and we sent our comments back on the 18th", TODAY, 1.0)])
    found = answer("amendment_comments", current(events), TODAY).deadline
    reply = deadline_reply(found, current(events), "LA sent the proposed amendments on 05/11 and we sent our comments back on the 18th")
    assert "Thursday 19 November 2026" in reply and "send your comments now anyway" not in reply
    assert "You told me you have sent your comments" in reply

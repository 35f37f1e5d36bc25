"""Questions a SEND adviser answers from where the family is now: no review panel after suspensions,
nothing to appeal before the council decides, the council's tuition is no school timetable, and
comments already sent are not asked for again (trial Q, session 43)."""
from __future__ import annotations

from datetime import date

from actions.concern_replies import NO_PANEL_FOR_SUSPENSION, concerns_reply, exclusion_date_lines, short_reply
from actions.deadline_replies import missing_date_question
from knowledge.concerns import detect
from knowledge.deadline_questions import answer, target_for
from knowledge.event_notes import note_conversation
from knowledge.timeline import current

TODAY = date(2026, 11, 29)
SUSPENDED = ("DS is 14, ADHD, no EHCP. Hes been suspended 3 times this term: 3 days 14-16 Oct, 5 days w/c 9th Nov, and now "
             "theyve given him 10 days starting Weds 25th for 'persistent disruption' - letter came by email Tues 24th.")
PANEL = "and if they uphold it can I go to that independent panel thing?"


def _known(*messages: str):
    events, _ = note_conversation([(text, TODAY, float(i)) for i, text in enumerate(messages, 1)])
    return current(events)


def test_after_suspensions_only_the_review_panel_is_a_plain_no_with_the_discrimination_claim():
    known = _known(SUSPENDED, PANEL)
    lines = exclusion_date_lines([SUSPENDED, PANEL], known, TODAY)
    assert lines[0] == NO_PANEL_FOR_SUSPENSION and lines[0].startswith("No.") and "6 months" in lines[0]
    reply = short_reply("exclusion", known, TODAY, said=PANEL, earlier=f"{SUSPENDED} {PANEL}")
    assert "No. An independent review panel is only for a permanent exclusion" in reply


def test_a_permanent_exclusion_still_gets_the_review_panel_not_the_no():
    said = "DS was permanently excluded on Thursday 19th, governors meeting is set for Weds 16 Dec."
    lines = exclusion_date_lines([said, PANEL], _known(said, PANEL), TODAY)
    assert NO_PANEL_FOR_SUSPENSION not in lines and any("independent review panel" in line for line in lines)


def test_an_appeal_asked_about_before_the_council_decides_is_nothing_to_appeal_yet_not_a_letter_date():
    first = ("DS 15 has an EHCP. His AR was on 24th Sept and everyone agreed the plan needs updating. "
             "No letter saying amend/maintain/cease, nothing at all.")
    question = "and if they dont send it by the 17th? can I appeal?"
    known = _known(first, question)
    reply = missing_date_question(answer("tribunal_appeal", known, TODAY), known)
    assert reply.startswith("There is nothing to appeal yet") and "What date is on" not in reply
    assert "Ombudsman" in reply and "section 51(2)" in reply


def test_an_appeal_with_no_decision_awaited_still_asks_for_the_letter():
    question = "how long do I have to appeal?"
    known = _known(question)
    reply = missing_date_question(answer(target_for(question, known), known, TODAY), known)
    assert "nothing to appeal" not in reply and "I need one date" in reply


def test_the_councils_tuition_hours_are_out_of_school_not_a_part_time_timetable():
    assert detect("council just emailed saying he can have 2hrs a day tuition from 7th dec. is that enough?") == ["out_of_school"]
    assert "part_time_timetable" in detect("school have put him on 2 hrs a day since october and wont say when it ends")


def test_comments_sent_in_an_earlier_message_are_not_asked_for_again():
    first = ("DD has an EHCP. Her phase transfer review was Thurs 8th Oct. LA sent the proposed amendments on 05/11 and we "
             "sent our comments back on the 18th with our school preference.")
    later = "so if they name a different school on the final plan, what then?"
    known = _known(first, later)
    text, _ = concerns_reply(["school_placement"], known, TODAY, said=later, earlier=f"{first} {later}", with_plan=True)
    assert "You sent your comments on Wednesday 18 November 2026, within the 15 days" in text
    assert "send your comments now anyway" not in text


def test_home_for_weeks_after_a_permanent_exclusion_is_not_being_sent_home():
    said = ("Honestly Im fuming. Hes been home 3 weeks now, up till 3am on the xbox, school just keep saying 'its with the "
            "local authority now'. Ive got work, I cant keep taking days off. Who do I actually ring tomorrow?")
    assert "sent_home" not in detect(said)
    assert "sent_home" in detect("School rang at 11 AGAIN to come n get him, 3rd time this wk. They dont call it an exclusion.")

"""A permanent exclusion the governors upheld: the review panel is next, and its last day."""
from __future__ import annotations

from datetime import date

from actions.concern_replies import review_panel_line
from knowledge.concerns import concerns, detect

TODAY = date(2026, 11, 28)
SAID = ("My son (14, yr 9) was permanently excluded from his academy on Thursday the 12th. Hes autistic and has an EHCP. "
        "The governors meeting was last Friday (20th) and they upheld it, I got their letter by email on Monday 23rd. "
        "I want to challenge it. How long have I got to ask for the independent review panel?")


def test_the_review_panel_day_counts_15_school_days_from_the_governors_letter():
    line = review_panel_line(SAID, TODAY)
    assert "Monday 23 November 2026" in line and "Monday 14 December 2026" in line and "School holidays move it later" in line
    assert review_panel_line("he was permanently excluded on 2nd Nov, the governors upheld it", TODAY) is None  # no letter dated


def test_after_the_governors_upheld_it_the_step_is_the_panel_not_the_governors_and_not_the_tribunal():
    step = concerns()["exclusion"].for_child_with_plan().as_said(SAID).step
    assert step.startswith("The governors have upheld the exclusion") and "Write to the governors" not in step
    assert "appeal_tribunal" not in detect(SAID)  # "I want to challenge it": the review panel, not the SEND Tribunal
    assert concerns()["exclusion"].as_said("he was excluded on Monday, what do I do?").step.startswith("Ask for the exclusion letter")


def test_a_time_limit_for_the_tribunal_about_a_school_act_is_the_discrimination_claim():
    from knowledge.deadline_questions import target_for
    from knowledge.event_notes import note_conversation
    from knowledge.timeline import current

    said = ["My dd is at an academy. Head of year told us she couldnt go on the yr 7 residential on 15th Oct because no "
            "staff are trained to do her insulin. Is this disability discrimination?",
            "The head finally replied yesterday, complaint not upheld. Is there a time limit for taking it to tribunal?"]
    events, _ = note_conversation([(text, TODAY, float(i)) for i, text in enumerate(said, 1)])
    assert target_for(said[1], current(events), None, TODAY) == "discrimination_claim"


def test_a_suspension_is_told_the_45_day_limit_and_no_review_panel():
    said = ("My dd got another suspension last Thurs, 5 days this time for swearing at a teacher. Thats her 3rd this term. "
            "Do the governors HAVE to meet now and by when?? Is there a limit to how many days they can suspend her for?")
    concern = concerns()["exclusion"].as_said(said)
    assert "up to 45 school days in a school year" in concern.law and "no independent review panel" in concern.law
    assert "more than 15 school days in a term" in concern.step and "review panel" not in concern.step
    assert "no independent review panel" not in concerns()["exclusion"].as_said(SAID).law  # a permanent exclusion has one


def test_waiting_for_a_consultant_before_teaching_at_home_gets_the_guidance_note():
    from knowledge.concerns import reply_notes

    said = ("I asked about the council's medical needs teaching service and school said they cant refer until a "
            "CONSULTANT paediatrician or psychiatrist signs a form. Is that right??")
    assert any(note.startswith("A council should not hold up education") for note in reply_notes(said))


def test_a_discrimination_claim_about_a_dated_exclusion_counts_from_the_exclusion():
    from actions.concern_replies import concern_block
    from knowledge.event_notes import note_conversation
    from knowledge.timeline import current

    said = ["My son was permanently excluded from his academy on Thursday the 12th. Hes autistic and has an EHCP.",
            "Can I bring a disability discrimination claim as well as the review panel? is there a deadline for that too"]
    events, _ = note_conversation([(text, TODAY, float(i)) for i, text in enumerate(said, 1)])
    block = concern_block(1, concerns()["discrimination"], current(events), TODAY, said=said[1])
    assert "If the exclusion on Thursday 12 November 2026 is what you complain of" in block
    assert "Tuesday 11 May 2027" in block and "If you tell me the date of what the school did" not in block


def test_a_new_permanent_exclusion_gets_the_governors_days_and_the_sixth_day_from_its_start():
    from datetime import date
    from actions.concern_replies import concerns_reply
    from knowledge.concerns import detect
    said = ("HT rang me yesterday (Fri 27th) and then emailed a letter the same day saying he is now PERMANENTLY "
            "excluded, starting Tues 1st Dec straight after the suspension ends. When does the meeting have to happen "
            "by and what happens to his education? Can they even do this when he has an EHCP?")
    assert "exclusion" in detect(said)
    reply, _ = concerns_reply(["exclusion"], {}, date(2026, 11, 28), said=said)
    assert "by Friday 18 December 2026" in reply and "sixth school day is Tuesday 8 December 2026" in reply
    assert "avoid permanently excluding a pupil with a plan" in reply


def test_the_governors_meeting_cites_the_academy_regulation_for_an_academy_and_both_when_unsaid():
    from actions.concern_replies import governors_meeting_line
    maintained = ("The head rang me yesterday (Fri 27th) and said he is permanently excluded. "
                  "When do the governors have to meet?")
    academy = maintained.replace("The head", "The head of his academy")
    assert "regulation 6; regulation 24 for academies" in governors_meeting_line(maintained, TODAY)
    line = governors_meeting_line(academy, TODAY)
    assert "regulation 24, for academies" in line and "regulation 6" not in line


def test_an_exclusion_told_by_letter_to_start_from_a_weekday_counts_its_sixth_day_from_that_weekday():
    from actions.concern_replies import governors_meeting_line, sixth_day_line
    from knowledge.event_notes import note_conversation
    from knowledge.timeline import current
    said = ("Then on Thursday just gone (26th) the head rang me at work to say he's permanently excluded. Letter came by "
            "email same day dated 26/11 saying he's not to go back from Friday and 'the governors will consider the "
            "exclusion in due course'. How long have the governors got??")
    today = date(2026, 11, 29)
    known = current(note_conversation([(said, today, 1.0)])[0])
    assert "sixth school day is Friday 4 December 2026" in sixth_day_line(said, known, today)
    assert "by Thursday 17 December 2026" in governors_meeting_line(said, today)


def test_a_question_about_the_governors_and_the_panel_after_a_permanent_exclusion_gets_their_dates():
    from datetime import date
    from actions.concern_replies import PANEL_NOT_YET, exclusion_dates_reply
    first = ("my son is 14, yr 9, has an EHCP. last Tuesday the head rang me and said he's permanently excluded. "
             "letter is dated Wed 25th and says the exclusion is from the 25th. what happens now??")
    second = ("does the governors 15 days start from when i got the letter (fri 27th)? and the letter says something about "
              "an independent review panel and 15 days too, what's the date for that one?")
    reply = exclusion_dates_reply([first, second], {}, date(2026, 11, 29))
    assert "Counted from the school's letter on Wednesday 25 November 2026, that is by Wednesday 16 December 2026" in reply
    assert PANEL_NOT_YET in reply
    assert exclusion_dates_reply(["we asked for an EHC needs assessment", "when do the governors meet?"], {}, date(2026, 11, 29)) is None


def test_a_later_question_about_the_governors_in_the_exclusion_answer_keeps_the_dates_of_the_first_message():
    from datetime import date
    from actions.concern_replies import PANEL_NOT_YET, concern_block
    first = ("my son is 14 and has an EHCP. the head rang to say he's permanently excluded. letter is dated Wed 25th "
             "and says the exclusion is from the 25th.")
    second = ("sorry one more thing, does the governors 15 days start from when i got the letter (fri 27th)? and what's "
              "the date for the independent review panel?")
    block = concern_block(1, concerns()["exclusion"], {}, date(2026, 11, 29), said=second, earlier=first)
    assert "by Wednesday 16 December 2026" in block and PANEL_NOT_YET in block


def test_if_the_governors_uphold_it_is_no_decision_and_gives_only_an_estimate_from_the_set_meeting():
    from datetime import date
    from actions.concern_replies import PANEL_NOT_YET, exclusion_dates_reply
    first = ("DS is 14. The head rang to say he's permanently excluded. Letter came by email same day dated 26/11 "
             "saying he's not to go back from Friday.")
    second = ("School emailed yesterday to say the governors meeting is Tuesday 15th Dec. If they uphold it how long have I "
              "got to go to the independent review panel?")
    reply = exclusion_dates_reply([first, second], {}, date(2026, 11, 29))
    assert "the last day to ask for an independent review panel is" not in reply
    # 15 usual school days from Tue 15 Dec, skipping the Christmas holidays (21 Dec to 1 Jan): about Tue 19 Jan 2027
    assert "If the governors uphold it at the meeting on Tuesday 15 December 2026" in reply
    assert "would be about Tuesday 19 January 2027" in reply and PANEL_NOT_YET not in reply
    unset = exclusion_dates_reply([first, "If they uphold it how long have I got to go to the independent review panel?"],
                                  {}, date(2026, 11, 29))
    assert PANEL_NOT_YET in unset  # no meeting date given: no date for the panel yet


def test_the_governors_fifteen_days_count_from_the_exclusion_when_it_comes_before_the_letter():
    from datetime import date
    from actions.concern_replies import governors_meeting_line
    said = ("DS 15 yr10, autistic, has EHCP, permanently excluded thurs 19th (letter by email that evening, exclusion from "
            "fri 20th). governors meeting is set for weds 16 dec.")
    line = governors_meeting_line(said, date(2026, 11, 29))
    assert "Counted from the exclusion on Thursday 19 November 2026, that is by Thursday 10 December 2026" in line
    assert "A meeting on Wednesday 16 December 2026 would be after that" in line

"""Dates a parent gives after the first message (trial R, session 43): the date printed on the letter
moves that letter's event; a hard day is no event of the case."""
from __future__ import annotations

from datetime import date

from knowledge.event_notes import note_conversation
from knowledge.timeline import current

TODAY = date(2026, 11, 29)


def _known(*messages: str, asked=None):
    events, unclear = note_conversation([(text, TODAY, float(i)) for i, text in enumerate(messages, 1)], asked)
    return current(events), unclear


def test_the_date_the_letter_says_moves_the_plan_it_came_with():
    known, unclear = _known("final ehcp came on the 6th, it names the wrong school. how long have i got to appeal",
                            "letter says 4th nov. its just the school, rest is fine")
    assert known["final_plan"].on == "2026-11-04" and not unclear


def test_the_date_at_the_top_of_the_letter_is_the_decision_to_stop_the_plan():
    known, unclear = _known("manchester council sent me a letter saying there going to stop my EHCP. they asked me about it in "
                            "october and i said i didnt agree. do i need my mum to do this for me?",
                            "ok it says 20/11/26 at the top. i have a job interview on 7th dec and my birthday is 14 march",
                            asked=[None, "cease_notice"])  # the reply had asked for the date of the decision to stop the plan
    assert known["cease_notice"].on == "2026-11-20" and not unclear


def test_a_hard_day_is_no_date_of_the_proposed_changes():
    known, _ = _known("a letter from notts came (dated monday 23rd, got it weds) with 'proposed amendments' after his annual "
                      "review. i cried in the car park on friday.")
    assert known["amendments_sent"].on == "2026-11-23"


def test_final_at_the_top_is_no_date():
    known, _ = _known("draft plan came 9th Oct, how long have I got to comment?",
                      "oh god hang on. just looked again and it says final at the top, the draft was in August. so thats the final plan on the 9th Oct. appeal deadline?")
    assert known["final_plan"].on == "2026-10-09"


def test_the_day_the_invite_was_sent_is_not_the_review_meeting():
    known, unclear = _known("Hiya school sent the invite for DS's annual review last Thursday, it's for Thursday 10th Dec at 9.15. "
                            "No reports yet, we were told the EP and SALT updates would come 'in time'. Is that even allowed??")
    assert known["review_meeting"].on == "2026-12-10" and not unclear


def test_mediation_asked_for_is_no_yes_to_assessing_and_its_next_step_is_the_meeting():
    from knowledge.deadline_questions import answer, target_for

    first = ("We got a letter from Devon dated 3/11 saying they've decided to cease to maintain his plan. "
             "When do we have to contact mediation and when is the appeal deadline?")
    later = ("Kai rang the mediation adviser on Friday 20th Nov and said yes we want mediation. The council haven't been "
             "in touch at all. How long can they take?")
    known, _ = _known(first, later)
    assert known["mediation_requested"].on == "2026-11-20" and "assessment_agreed" not in known
    target = target_for(later, known, "mediation_contact", TODAY)
    assert target == "mediation_held" and answer(target, known, TODAY).deadline.due == date(2026, 12, 20)


def test_the_council_asking_views_in_october_is_not_its_decision_to_stop_the_plan():
    known, unclear = _known("manchester council sent me a letter saying there going to stop my EHCP because im 19. they asked "
                            "me about it in october and i said i didnt agree. do i need my mum to do this for me?")
    assert not (known.get("cease_notice") and known["cease_notice"].on) and not unclear


def test_an_amended_plan_does_not_restart_the_review_year():
    from knowledge.concerns import reply_notes

    notes = reply_notes("Last thing, when is his next annual review now? Does the new amended plan reset the clock?")
    assert notes and notes[0].startswith("No. Changing the plan does not restart the 12 months")


def test_a_day_placed_by_a_school_trip_is_the_review_in_that_week_not_discrimination():
    known, unclear = _known("hi my dd is yr6 with ehcp. her AR was w/c 9th nov. when will we find out her secondary and when "
                            "can we appeal if they put the wrong one", "it was thurs 12th i think, day after her school trip")
    assert known["review_meeting"].on == "2026-11-12" and "discrimination" not in known and not unclear


def test_a_day_in_the_reviews_week_is_the_review_even_when_a_letter_date_was_asked_for():
    known, _ = _known("hi my dd is yr6 with ehcp. her AR was w/c 9th nov. when will we find out her secondary and when "
                      "can we appeal if they put the wrong one", "it was thurs 12th i think, day after her school trip",
                      asked=[None, "decision_letter"])
    assert known["review_meeting"].on == "2026-11-12" and "decision_letter" not in known

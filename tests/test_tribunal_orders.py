"""After the Tribunal decided for the family: the council's last days counted from the order
(SEND Regulations 2014, regulation 44(2)), and no appeal steps offered again."""
from datetime import date

from actions.concern_replies import concerns_reply
from actions.deadline_replies import appeal_made_reply
from knowledge.tribunal_orders import conceded_lines, order_lines, order_made, steps_ordered

TODAY = date(2026, 11, 28)
WON = ("We finally won at tribunal!! Decision dated 2nd October, the tribunal ordered the LA to amend section F and "
       "name the specialist school. Its nearly December and nothing from the LA. When should they have done it by? "
       "Do I need the mediation certificate again?")


def test_a_won_appeal_is_an_order_and_an_appeal_in_progress_is_not():
    assert order_made(WON)
    assert not order_made("We are appealing to the tribunal, hearing is in March")
    assert not order_made("Can the tribunal order them to name the school?")


def test_an_order_changing_the_help_and_the_school_is_one_amended_plan_in_5_weeks():
    # regulation 44(2)(f)'s 2 weeks is for an order that only changes the school (IPSEA; trial R01)
    steps = {s.paragraph: s.due for s in steps_ordered(WON, date(2026, 10, 2))}
    assert steps == {"(e)": date(2026, 11, 6)}
    only_school = "We won at tribunal! The tribunal ordered the LA to name the specialist school in section I."
    assert {s.paragraph: s.due for s in steps_ordered(only_school, date(2026, 10, 2))} == {"(f)": date(2026, 10, 16)}


def test_an_order_to_make_a_plan_gives_the_draft_and_final_days():
    text = "The tribunal ordered the council to issue an EHC plan on 14 September."
    assert [(s.what, s.due) for s in steps_ordered(text, date(2026, 9, 14))] == [
        ("the draft plan", date(2026, 10, 19)), ("the final plan", date(2026, 11, 30))]


def test_an_order_to_assess_gives_notice_then_plan_or_no_plan():
    text = "we won our appeal against the refusal to assess, decision was 3rd Nov"
    steps = [(s.paragraph, s.due) for s in steps_ordered(text, date(2026, 11, 3))]
    assert steps == [("(b)", date(2026, 11, 17)), ("(b)(ii)", date(2027, 2, 9)), ("(b)(i)", date(2027, 1, 12))]


def test_the_lines_say_the_order_day_and_how_late():
    lines = order_lines(WON, TODAY)
    assert "Friday 6 November 2026, 5 weeks from the order on Friday 2 October 2026" in lines
    assert "22 days late" in lines and "regulation 44(2)(e)" in lines


def test_without_the_order_day_the_date_is_asked_for():
    assert "date of the Tribunal's order" in order_lines("We won at tribunal but the LA is dragging its feet", TODAY)


def test_the_concerns_reply_answers_the_order_not_mediation_or_the_school_appeal():
    text, _ = concerns_reply(["school_placement", "appeal_tribunal", "mediation"], {}, TODAY, said=WON)
    assert "Friday 6 November 2026" in text
    assert "You do not need mediation or a certificate now" in text
    assert "Contact the adviser named in the letter" not in text
    assert "You can appeal the school named" not in text


def test_an_appeal_already_lodged_is_not_asked_for_its_letter_date():
    reply = appeal_made_reply("tribunal_appeal", "My appeal is lodged, hearing is in Feb. The LA missed their response date.")
    assert reply and "tell the Tribunal in writing" in reply and "rule 5(2)" in reply
    assert appeal_made_reply("tribunal_appeal", "Can I still get my appeal in on time?") is None


def test_a_question_after_winning_gets_the_order_days_not_the_tribunal_sets_the_dates():
    reply = appeal_made_reply("tribunal_appeal", WON, TODAY)
    assert "Friday 6 November 2026" in reply and "Friday 16 October 2026" not in reply and "The Tribunal sets the dates" not in reply


def test_an_appeal_the_council_no_longer_opposes_counts_from_its_notice_not_the_request():
    from knowledge.tribunal_orders import appeal_conceded, conceded_lines
    said = ("Norfolk refused to assess so we appealed. The council emailed the tribunal saying they wont oppose the "
            "appeal and they'll assess. The tribunal letter says the LA notified them on wednesday 4th nov.")
    assert appeal_conceded(said)
    lines = conceded_lines(said, TODAY)
    assert "Wednesday 18 November 2026" in lines and "Wednesday 13 January 2027" in lines
    assert "Wednesday 10 February 2027" in lines and "regulation 45(3A)" in lines
    reply = appeal_made_reply("final_plan", said, TODAY)
    assert reply and "Wednesday 10 February 2027" in reply and "20 weeks" not in reply
    text, _ = concerns_reply(["refused_assessment", "appeal_tribunal", "mediation"], {}, TODAY, said=said)
    assert "no longer opposing your appeal" in text and "Contact the mediation adviser" not in text


def test_the_order_counts_from_its_first_date_not_the_day_an_email_reached_the_family():
    from knowledge.tribunal_orders import order_day
    said = ("We finally WON at tribunal!!! The decision is dated 16th Oct, the judge ordered Surrey to name the school "
            "in section I. It only came through by email on the 19th because the tribunal had my old email address.")
    assert order_day(said, TODAY) == date(2026, 10, 16)


def test_an_order_only_to_name_the_school_gives_two_weeks_not_the_amended_plan_date():
    said = ("We WON at tribunal. The decision is dated 16th Oct, the judge ordered Surrey to name the independent "
            "specialist school we wanted in section I. Since then nothing, no amended plan, no contract with the school.")
    assert [(s.paragraph, s.due) for s in steps_ordered(said, date(2026, 10, 16))] == [("(f)", date(2026, 10, 30))]


def test_the_letter_saying_they_will_assess_is_checked_against_the_two_weeks():
    said = ("the tribunal letter says the LA notified them they wont oppose our appeal on wednesday 4th nov. we did get a "
            "letter on the 12th saying they will assess. the EP cant see him till jan")
    lines = conceded_lines(said, TODAY)
    assert "you had its letter on Thursday 12 November 2026, in time" in lines
    assert "Wednesday 13 January 2027" in lines and "Wednesday 10 February 2027" in lines

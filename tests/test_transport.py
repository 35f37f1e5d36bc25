"""The last day to ask for a review of a school transport decision, from the letter's date."""
from datetime import date

import pytest

from actions.concern_replies import concerns_reply
from knowledge.transport import decision_date, review_limit

TODAY = date(2026, 11, 28)
MESSAGE = ("My son is 6 and at a special school named in his EHCP (Devon). Devon have refused home to school transport "
           "saying there's a nearer school. The decision letter was dated 6th November. How do I appeal and whats the deadline?")


def test_the_review_is_asked_for_within_20_working_days_of_the_letter():
    found = review_limit(MESSAGE, TODAY)
    assert found.decision == date(2026, 11, 6) and found.last_day == date(2026, 12, 4) and found.days_left == 6


def test_no_date_is_given_without_a_dated_transport_decision_or_after_a_review():
    assert decision_date("school say no to taxi for dd now shes 16, can they do that?", TODAY) is None
    assert decision_date("the letter refusing the assessment was dated 6th November", TODAY) is None  # not transport
    assert decision_date("taxi refused on 2 October, we asked for a review and the review decision letter came on "
                         "20 November", TODAY) is None  # the second stage has its own letter


def test_the_transport_answer_gives_the_review_date():
    reply, _ = concerns_reply(["transport"], {}, TODAY, said=MESSAGE)
    assert "Ask for a review by Friday 4 December 2026 (in 6 days)" in reply


def test_a_council_that_said_it_wont_pay_on_a_date_made_its_decision_then():
    said = "Also the council said on 6th Nov they wont pay for her taxi because the school isnt the nearest. Whats the deadline?"
    assert decision_date(said, TODAY) == date(2026, 11, 6)


POST16 = ("My son is 17 and just started at college. The council have turned down his travel help for college, letter came "
          "on mon 16th nov, saying he should use a bus. He can't manage buses on his own. How do I challenge this?")


def test_after_16_the_review_date_is_given_with_the_councils_own_policy_named():
    from actions.concern_replies import POST16_HEDGE
    reply, _ = concerns_reply(["transport"], {}, TODAY, said=POST16)
    assert POST16_HEDGE in reply and "Ask for a review by Monday 14 December 2026" in reply


def test_a_review_asked_for_is_answered_within_20_working_days_of_it_bank_holidays_skipped():
    from knowledge.transport import review_answer
    found = review_answer("I sent the review request today. When do they have to answer?", TODAY)
    assert found.asked == TODAY and found.answer_by == date(2026, 12, 29)  # 25 and 28 December are bank holidays


def test_a_question_about_the_review_in_a_transport_conversation_gets_the_review_not_the_assessment():
    from actions.concern_replies import transport_dates_reply
    from knowledge.deadline_questions import target_for
    question = "I sent the review request today. When do they have to answer?"
    assert target_for(question, {}) is None
    reply = transport_dates_reply([POST16, question], TODAY)
    assert "by Tuesday 29 December 2026" in reply and "stage 2" in reply and "assess" not in reply
    assert transport_dates_reply(["we asked for an EHC needs assessment", "when do they have to answer?"], TODAY) is None


@pytest.mark.slow
def test_a_parent_asking_when_the_transport_review_is_answered_gets_its_date_through_the_rest_channel(service):
    import uuid
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, POST16)
    reply = " ".join(r.get("text", "") for r in service.say(sender, "I sent the review request today. When do they have to answer?"))
    assert "A senior officer should send you a written answer" in reply and "6 weeks" not in reply


def test_after_the_stage_1_answer_the_next_date_is_stage_2_from_the_letters_own_date():
    from actions.concern_replies import transport_dates_reply, transport_review_line
    first = ("DS is 16, in yr 12. The council wrote saying post-16 transport isnt an entitlement. I asked for a review on "
             "2/11 and got the stage 1 letter upholding it. What do I need to put for stage 2?")
    second = "The stage 1 letter is dated the 20th Nov but didnt arrive until Mon 23rd. Which date do I count from?"
    assert "A senior officer should send you" not in transport_review_line(first, TODAY, post16=True)
    reply = transport_dates_reply([first, second], date(2026, 11, 29))
    assert "Ask for stage 2, an independent appeal panel, by Friday 18 December 2026" in reply


@pytest.mark.slow
def test_a_date_question_asked_with_a_disclosure_keeps_its_answer_after_the_crisis_contacts(service):
    import uuid
    from datetime import timedelta
    from knowledge.dates import long_date, today_in_england
    today = today_in_england()
    letter, arrived, asked = today - timedelta(days=9), today - timedelta(days=6), today - timedelta(days=27)
    spoken = lambda day: f"{day.day} {day:%B %Y}"  # noqa: E731
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, f"DS is 16, severe autism, EHCP, in yr 12 at his special school sixth form. The council stopped his "
                        f"taxi and want a contribution. I asked for a review on {spoken(asked)} and got the stage 1 letter "
                        f"upholding it. What do I need to put for stage 2?")
    reply = " ".join(r.get("text") or "" for r in service.say(
        sender, f"Thanks for this. The stage 1 letter is dated {spoken(letter)} but didnt arrive until {spoken(arrived)}. "
                f"Sorry if im all over the place, I sat in the car on the drive after drop off on Thursday and just couldnt "
                f"make myself go in the house. Im so tired of fighting for every single thing and I honestly dont know how "
                f"much more of me there is left. Anyway which date do I count from?"))
    assert "Samaritans" in reply and "Are you safe right now?" in reply
    assert f"from the stage 1 letter of {long_date(letter)}" in reply and "What happened on" not in reply


def test_a_letter_dated_before_it_came_counts_from_its_date_and_a_tribunal_question_gets_the_transport_route():
    from actions.concern_replies import NO_TRANSPORT_TRIBUNAL, transport_dates_reply
    refused = ("I applied for school transport for my grandson and the council said NO, he is 'not eligible'. "
               "Can they say that?")
    dated = "Sorry I should have said, the letter is dated 6th November but it didn't come til the 10th. Which do I count from?"
    reply = transport_dates_reply([refused, dated], date(2026, 11, 29))
    assert "Ask for a review by Friday 4 December 2026" in reply and "Friday 6 November 2026" in reply, reply
    asked = "If they say no again at the review what happens then, is there a tribunal like for the EHCP?"
    assert NO_TRANSPORT_TRIBUNAL in transport_dates_reply([refused, dated, asked], date(2026, 11, 29))


def test_the_day_the_letter_came_gives_the_later_last_day_beside_the_safe_one():
    from actions.concern_replies import transport_review_line
    said = ("council stopped dds taxi to her special school, letter dated 5th nov, got it 9th. says bus pass + travel "
            "training instead. letter says review request within 20 working days. from when??")
    line = transport_review_line(said, date(2026, 11, 29))
    assert "by Thursday 3 December 2026" in line, "20 working days from the letter's own date, to be safe"
    assert "Monday 9 November 2026, the last day is Monday 7 December 2026" in line


def test_a_review_request_sent_tonight_gets_the_councils_answer_date():
    from actions.concern_replies import transport_dates_reply
    texts = ["council stopped dds taxi to her special school, letter dated 5th nov. says bus pass instead.",
             "sent it tonight by email. how long do they have to reply and what if they say no again"]
    reply = transport_dates_reply(texts, date(2026, 11, 29))
    assert "You asked for a review on Sunday 29 November 2026" in reply
    assert "by Tuesday 29 December 2026" in reply, "20 working days, skipping the Christmas and Boxing Day bank holidays"


def test_the_day_the_letter_came_given_in_a_later_message_gives_the_later_last_day():
    from actions.concern_replies import transport_dates_reply
    first = ("lancs have refused DS transport to his special school. letter is dated 09/11 but I didnt see it til after I got "
             "back from my mums, sometime that week. how long have I got to ask them to look again?")
    reply = transport_dates_reply([first, "it was thurs 12th, i remember cos it was his school photo day"], date(2026, 11, 29))
    assert "Monday 7 December 2026" in reply and "Thursday 10 December 2026" in reply


def test_a_review_sent_tomorrow_gets_the_day_the_council_should_answer_by():
    from actions.concern_replies import transport_dates_reply
    texts = ["lancs have refused DS transport, the letter is dated 09/11", "ok if I email it tmrw when do they have to answer"]
    reply = transport_dates_reply(texts, date(2026, 11, 29))  # 20 working days from Mon 30 Nov, skipping 25 and 28 Dec
    assert "If you send the review request on Monday 30 November 2026" in reply and "Wednesday 30 December 2026" in reply

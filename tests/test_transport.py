"""The last day to ask for a review of a school transport decision, from the letter's date."""
from datetime import date

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
